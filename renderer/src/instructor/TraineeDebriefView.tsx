import { AlertOctagon, ArrowLeft, FileDown, History, ShieldAlert, ShieldCheck } from 'lucide-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot, UiLocale } from '../../../core/api/contract';
import { describeEvent } from '../../../core/debrief/events';
import type { SessionSummary, TimelineItem, TraineeDebrief } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { dateLocale } from '../i18n';
import { CodeText } from './CodeText';
import { base64ToBytes, clock, saveFile } from './files';
import { Replay } from './Replay';
import { reportLabels } from './reportLabels';
import { ScenarioGraph } from './ScenarioGraph';

interface Props {
  session: SessionSummary;
  locale: UiLocale;
  onBack: () => void;
  /** Bumped while the session is live: its timeline is read again. */
  revision?: number;
  /** The back button's label, when it leads elsewhere than the class's sessions. */
  backLabel?: string;
  onFork: (snapshot: SessionSnapshot) => void;
}

/** How the store records the author of a note that came in a workstation's file. */
const workstationAuthor = 'workstation:';

/** One trainee: summary, verification badge, competencies, the timeline with notes. */
export function TraineeDebriefView({
  session,
  locale,
  onBack,
  onFork,
  revision = 0,
  backLabel,
}: Props) {
  const { t, i18n } = useTranslation();
  const [debrief, setDebrief] = useState<TraineeDebrief | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [noteSeq, setNoteSeq] = useState('');
  const [noteText, setNoteText] = useState('');
  const [exporting, setExporting] = useState(false);
  const [replaying, setReplaying] = useState(false);
  const [showRules, setShowRules] = useState(false);

  const load = useCallback(() => {
    getApi()
      .debrief.session(session.id, session.workstationId, locale)
      .then(setDebrief)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [session, locale]);
  useEffect(load, [load, revision]);

  const addNote = async (event: FormEvent) => {
    event.preventDefault();
    if (!noteSeq || !noteText.trim()) return;
    try {
      await getApi().debrief.addNote({
        sessionId: session.id,
        workstationId: session.workstationId,
        seq: Number(noteSeq),
        text: noteText.trim(),
      });
      setNoteText('');
      load();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const exportPdf = async () => {
    setExporting(true);
    try {
      const pdf = await getApi().debrief.exportPdf(
        { kind: 'trainee', sessionId: session.id, workstationId: session.workstationId },
        locale,
        reportLabels(t),
      );
      saveFile(`debrief-${session.trainee}.pdf`, base64ToBytes(pdf), 'application/pdf');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setExporting(false);
    }
  };

  const time = new Intl.DateTimeFormat(dateLocale(i18n.language), { timeStyle: 'medium' });
  const labels = debrief?.labels;
  const pointLabel = (id: string) => labels?.points[id] ?? id;
  const choiceLabel = (point: string, choice: string) =>
    labels?.choices[`${point}.${choice}`] ?? choice;
  // From a decision point to the choice: the arrow points the way the language reads.
  const arrow = i18n.dir(i18n.language) === 'rtl' ? '←' : '→';
  const step = (point: string, choice: string) =>
    `${pointLabel(point)} ${arrow} ${choiceLabel(point, choice)}`;
  /** An event in words, with the scenario's names for what it concerns. */
  const words = (item: TimelineItem) => {
    if (!labels) return item.type;
    const { message, values } = describeEvent(item.type, item.payload, labels);
    return t(`instructor.event.${message}`, values);
  };
  const critical = debrief?.timeline.filter((item) => item.critical) ?? [];

  return (
    <section className="debrief" aria-labelledby="trainee-title">
      <div className="debrief-head">
        <button type="button" className="button ghost" onClick={onBack}>
          <ArrowLeft aria-hidden="true" size={16} className="flip-rtl" />
          {backLabel ?? t('instructor.trainee.back')}
        </button>
        <h2 id="trainee-title">{t('instructor.trainee.title', { trainee: session.trainee })}</h2>
        {debrief &&
          (debrief.verification.ok ? (
            <span className="verify ok" data-testid="verification">
              <ShieldCheck aria-hidden="true" size={18} />
              {t('instructor.trainee.verified')}
            </span>
          ) : (
            <span className="verify bad" data-testid="verification">
              <ShieldAlert aria-hidden="true" size={18} />
              {t('instructor.trainee.altered', { seq: debrief.verification.brokenAt ?? 0 })}
            </span>
          ))}
        {debrief?.seal && (
          <span className="seal-inline" data-testid="debrief-seal">
            {t('instructor.seal.fromLog')}{' '}
            <span className="seal-code" dir="ltr">
              {debrief.seal}
            </span>
          </span>
        )}
        <button
          type="button"
          className="button"
          aria-pressed={replaying}
          onClick={() => setReplaying((value) => !value)}
          disabled={!debrief}
        >
          <History aria-hidden="true" size={16} />
          {t('instructor.replay.open')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => void exportPdf()}
          disabled={exporting || !debrief}
        >
          <FileDown aria-hidden="true" size={16} />
          {t('instructor.export.pdf')}
        </button>
      </div>
      {error && (
        <p className="hint error" role="alert">
          {error}
        </p>
      )}
      {debrief && replaying && (
        <Replay session={session} eventCount={debrief.timeline.length} onFork={onFork} />
      )}
      {debrief && (
        <div className="debrief-grid">
          <aside className="panel debrief-side">
            <dl className="facts">
              <dt>{t('instructor.sessions.cohort')}</dt>
              <dd>
                <bdi>
                  <CodeText text={debrief.summary.cohort} />
                </bdi>
              </dd>
              <dt>{t('instructor.sessions.scenario')}</dt>
              <dd>
                <bdi>{debrief.title}</bdi>
              </dd>
              <dt>{t('instructor.sessions.status')}</dt>
              <dd>{t(`instructor.status.${debrief.summary.status}`)}</dd>
              <dt>{t('instructor.sessions.outcome')}</dt>
              <dd>
                <bdi>{debrief.summary.outcome ? pointLabel(debrief.summary.outcome) : '—'}</bdi>
              </dd>
              <dt>{t('instructor.sessions.score')}</dt>
              <dd>{debrief.summary.scoreTotal}</dd>
              <dt>{t('instructor.sessions.duration')}</dt>
              <dd>{clock(debrief.summary.durationMs)}</dd>
            </dl>
            <h3>{t('instructor.trainee.competencies')}</h3>
            <ul className="plain">
              {debrief.competencies.map((row) => (
                <li key={row.competency}>
                  <bdi>{labels?.competencies[row.competency] ?? row.competency}</bdi>:{' '}
                  <strong>{row.total}</strong>
                </li>
              ))}
            </ul>
            <h3>{t('instructor.trainee.bestPath')}</h3>
            <div data-testid="best-path">
              {!debrief.deviation ? (
                <p className="muted">{t('instructor.trainee.noBestPath')}</p>
              ) : !debrief.deviation.deviation ? (
                <p>{t('instructor.trainee.followedAll')}</p>
              ) : (
                <>
                  <p>
                    {t('instructor.trainee.leftAt', {
                      step: debrief.deviation.deviation.step + 1,
                      expected: step(
                        debrief.deviation.deviation.expected.point,
                        debrief.deviation.deviation.expected.choice,
                      ),
                    })}
                  </p>
                  <p>
                    {debrief.deviation.deviation.taken
                      ? t('instructor.trainee.tookInstead', {
                          taken: step(
                            debrief.deviation.deviation.taken.point,
                            debrief.deviation.deviation.taken.choice,
                          ),
                          time: clock(debrief.deviation.deviation.taken.scenarioTimeMs),
                        })
                      : t('instructor.trainee.stopped')}
                  </p>
                  {debrief.deviation.pointsBehindBest !== null && (
                    <p>
                      <strong>
                        {t('instructor.trainee.behind', {
                          count: debrief.deviation.pointsBehindBest,
                        })}
                      </strong>
                    </p>
                  )}
                </>
              )}
            </div>
            <h3>{t('instructor.trainee.critical')}</h3>
            {critical.length === 0 ? (
              <p className="muted">{t('instructor.trainee.noCritical')}</p>
            ) : (
              <ul className="plain critical">
                {critical.map((item) => (
                  <li key={item.seq}>
                    <AlertOctagon aria-hidden="true" size={14} /> #{item.seq}{' '}
                    {clock(item.scenarioTimeMs)}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('instructor.trainee.traineeNotes')}</h3>
            {debrief.traineeNotes.length === 0 ? (
              <p className="muted">{t('instructor.trainee.noNotes')}</p>
            ) : (
              <ul className="plain">
                {debrief.traineeNotes.map((note) => (
                  <li key={note.seq}>
                    {clock(note.scenarioTimeMs)} —{' '}
                    <bdi>
                      <CodeText text={note.text} />
                    </bdi>
                  </li>
                ))}
              </ul>
            )}
            <form className="note-form" onSubmit={(event) => void addNote(event)}>
              <h3>{t('instructor.trainee.addNote')}</h3>
              <div className="field">
                <label htmlFor="note-seq">{t('instructor.trainee.noteEvent')}</label>
                <select id="note-seq" value={noteSeq} onChange={(e) => setNoteSeq(e.target.value)}>
                  <option value="">—</option>
                  {debrief.timeline.map((item) => (
                    <option key={item.seq} value={item.seq}>
                      #{item.seq} {clock(item.scenarioTimeMs)}{' '}
                      {item.decision
                        ? step(item.decision.point, item.decision.choice)
                        : words(item)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="note-text">{t('instructor.trainee.noteText')}</label>
                <textarea
                  id="note-text"
                  rows={3}
                  value={noteText}
                  onChange={(e) => setNoteText(e.target.value)}
                />
              </div>
              <button
                type="submit"
                className="button primary"
                disabled={!noteSeq || !noteText.trim()}
              >
                {t('instructor.trainee.saveNote')}
              </button>
            </form>
          </aside>
          <div
            className="panel timeline-panel"
            tabIndex={0}
            role="region"
            aria-label={t('instructor.trainee.timeline')}
          >
            <label className="rules-toggle">
              <input
                type="checkbox"
                checked={showRules}
                onChange={(event) => setShowRules(event.target.checked)}
              />
              {t('instructor.trainee.showRules')}
            </label>
            <table className="data-table timeline" data-testid="timeline">
              <caption>{t('instructor.trainee.timeline')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">
                    #
                  </th>
                  <th scope="col">{t('instructor.trainee.scenarioTime')}</th>
                  <th scope="col">{t('instructor.trainee.wallTime')}</th>
                  <th scope="col">{t('instructor.trainee.event')}</th>
                  <th scope="col">{t('instructor.trainee.points')}</th>
                </tr>
              </thead>
              <tbody>
                {debrief.timeline.map((item) => (
                  <tr key={item.seq} className={item.critical ? 'critical' : undefined}>
                    <td className="number">{item.seq}</td>
                    <td className="time">{clock(item.scenarioTimeMs)}</td>
                    <td className="time">{time.format(item.wallTime)}</td>
                    <td>
                      {item.decision ? (
                        <strong>
                          <bdi>{pointLabel(item.decision.point)}</bdi> {arrow}{' '}
                          <bdi>{choiceLabel(item.decision.point, item.decision.choice)}</bdi>
                        </strong>
                      ) : (
                        <bdi className={item.type === 'intent' ? undefined : 'muted'}>
                          <CodeText text={words(item)} />
                        </bdi>
                      )}
                      {item.notes.map((note) => (
                        <p key={note.id} className="observer-note">
                          <CodeText
                            text={
                              note.author.startsWith(workstationAuthor)
                                ? t('instructor.trainee.fromWorkstation', {
                                    workstation: note.author.slice(workstationAuthor.length),
                                  })
                                : t('instructor.trainee.observer')
                            }
                          />
                          :{' '}
                          <bdi>
                            <CodeText text={note.text} />
                          </bdi>
                        </p>
                      ))}
                    </td>
                    <td>
                      {item.points.map((award, index) => (
                        <div
                          key={index}
                          className={award.amount >= 0 ? 'points gain' : 'points loss'}
                        >
                          <strong>
                            {award.amount > 0 ? '+' : ''}
                            {award.amount}
                          </strong>{' '}
                          <bdi>{labels?.competencies[award.competency] ?? award.competency}</bdi> —{' '}
                          <bdi>{labels?.texts[award.reason] ?? award.reason}</bdi>
                          {showRules && (
                            <code className="rule" dir="ltr">
                              {award.rule}
                            </code>
                          )}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {debrief?.graph && (
        <section className="panel" aria-labelledby="trainee-graph-title">
          <h3 id="trainee-graph-title">{t('instructor.graph.path')}</h3>
          <ScenarioGraph
            graph={debrief.graph}
            testId="trainee-graph"
            own
            {...(debrief.bestPath
              ? {
                  best: debrief.bestPath.steps.map((entry) => `${entry.point}.${entry.choice}`),
                  bestOutcome: debrief.bestPath.outcome,
                }
              : {})}
          />
        </section>
      )}
    </section>
  );
}
