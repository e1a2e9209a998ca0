import {
  AlarmClock,
  DoorOpen,
  Gavel,
  Hourglass,
  Lock,
  Pause,
  Play,
  ScanSearch,
  Timer,
  Trophy,
} from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Intent, SessionSnapshot, UiLocale } from '../../../core/api/contract';
import type { StageModel } from '../../scene/stageModel';
import { stageModelOf } from '../components/stageOf';
import { getApi } from '../api';
import { SceneStage } from '../components/SceneStage';
import { errorMessage } from '../errors';
import { uiLocaleOf } from '../i18n';
import { ConfirmDialog } from './ConfirmDialog';
import { momentOf, type Moment } from './moments';
import { WhatHappened } from './WhatHappened';
import { SidePanels } from './SidePanels';
import { formatDuration, useScenarioClock } from './useScenarioClock';

interface Props {
  initial: SessionSnapshot;
  /**
   * The app's language: the session's texts follow it when its pack speaks it. Unset (the
   * studio's play-test, whose language the author chose), the session keeps its own.
   */
  locale?: UiLocale;
  /** Called once the session has reached an outcome. */
  onFinished: (snapshot: SessionSnapshot) => void;
}

/** Deadlines closer than this are shown as urgent. */
const urgentMs = 60_000;

/** How long a decision or a way to another scene takes, in the trainee's language (whole minutes and seconds). */
function takesText(t: TFunction, seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return t('investigation.takesSeconds', { seconds: rest });
  if (rest === 0) return t('investigation.takesMinutes', { minutes });
  return t('investigation.takesMinutesSeconds', { minutes, seconds: rest });
}

/** A language's name in the app's language (`de` → "Deutsch", "allemand", …). */
function languageName(code: string, locale: UiLocale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The investigation: the rendered scene, and around it everything a trainee can do. */
export function Investigation({ initial, locale, onFinished }: Props) {
  const { t } = useTranslation();
  const [snapshot, setSnapshot] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ id: string; state: string; label: string } | null>(
    null,
  );
  const [moment, setMoment] = useState<Moment | null>(null);
  // `hotspot#moment`, so using the same hotspot twice pulses twice.
  const [pulse, setPulse] = useState<string | null>(null);
  // Every hotspot filled and labelled, kept across scenes until the trainee turns it off.
  const [revealed, setRevealed] = useState(false);
  const [firstScene] = useState(initial.view.scene.id);
  const view = snapshot.view;
  const running = view.status === 'running';
  const clock = useScenarioClock(view.clock.scenarioTimeMs, running, view.clock.timeScale);

  const assetUrl = useCallback(
    (path: string) =>
      `packs/${encodeURIComponent(snapshot.folder)}/${path.split('/').map(encodeURIComponent).join('/')}`,
    [snapshot.folder],
  );

  // The view the next answer from main is compared with, to tell what just happened.
  const current = useRef(initial);
  const momentCount = useRef(0);

  const adopt = useCallback(
    (next: SessionSnapshot, intent: Intent | null) => {
      const before = current.current.view;
      current.current = next;
      setSnapshot(next);
      if (!next.refused) {
        const happened = momentOf(momentCount.current + 1, before, next.view, intent);
        if (happened) {
          momentCount.current = happened.id;
          setMoment(happened);
          const found = next.view.caseFile.evidence.length > before.caseFile.evidence.length;
          if (found && intent?.type === 'hotspot.use') setPulse(`${intent.hotspot}#${happened.id}`);
        }
      }
      setProblem(next.refused ? t('investigation.refused', { reason: next.refused }) : null);
      if (next.view.status === 'finished') onFinished(next);
    },
    [onFinished, t],
  );

  useEffect(
    () =>
      getApi().on('session:changed', (next) => {
        if (next.sessionId === snapshot.sessionId) adopt(next, null);
      }),
    [adopt, snapshot.sessionId],
  );

  // The trainee changed the app's language (or resumed in another one): the scene, the people,
  // the messages and the case file follow, when the pack speaks that language; else they stay
  // in the session's, and the trainee is told.
  const [untranslated, setUntranslated] = useState<string | null>(null);
  useEffect(() => {
    if (!locale || current.current.view.locale === locale) {
      setUntranslated(null);
      return;
    }
    let live = true;
    getApi()
      .session.setLocale(snapshot.sessionId, locale)
      .then((next) => {
        if (!live) return;
        current.current = next;
        setSnapshot(next);
        setUntranslated(next.view.locale === locale ? null : next.view.locale);
      })
      .catch((error: unknown) => live && setProblem(errorMessage(error)));
    return () => {
      live = false;
    };
  }, [locale, snapshot.sessionId]);

  const send = useCallback(
    (intent: Intent) => {
      setBusy(true);
      getApi()
        .session.act(snapshot.sessionId, intent)
        .then((next) => adopt(next, intent))
        .catch((error: unknown) => setProblem(errorMessage(error)))
        .finally(() => setBusy(false));
    },
    [adopt, snapshot.sessionId],
  );

  // What the score is out of: the highest total any way through the scenario gives.
  const [scoreMax, setScoreMax] = useState<number | null>(null);
  const showsScore = initial.view.score !== null;
  useEffect(() => {
    if (!showsScore) return;
    let current = true;
    getApi()
      .session.review(initial.sessionId, uiLocaleOf(initial.view.locale))
      .then((review) => current && setScoreMax(review.total.max))
      // Without the range the score is shown alone, as before.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [initial.sessionId, initial.view.locale, showsScore]);

  const stage: StageModel = useMemo(
    () => stageModelOf(view.scene, assetUrl),
    [view.scene, assetUrl],
  );

  // The first picture says it can be examined, until the trainee has done something.
  const showHint =
    running &&
    view.scene.id === firstScene &&
    view.scene.hotspots.length > 0 &&
    view.scene.hotspots.every((hotspot) => !hotspot.used);

  // H shows (or hides) every hotspot with its name, unless the trainee is typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // The key's place, not its letter: on an Arabic keyboard the same key types "ا".
      if (event.code !== 'KeyH') return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable], dialog[open]')) return;
      setRevealed((on) => !on);
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section
      className="investigation"
      aria-labelledby="investigation-title"
      data-status={view.status}
    >
      <header className="investigation-bar">
        <div>
          <p className="eyebrow">{view.title}</p>
          <h1 id="investigation-title">{view.scene.label}</h1>
        </div>
        <div className="bar-tools">
          <div className="clock">
            <Timer aria-hidden="true" size={18} />
            <span className="bar-label">{t('investigation.clock')}</span>
            <span data-testid="clock" role="timer" aria-label={t('investigation.clock')}>
              {formatDuration(clock)}
            </span>
          </div>
          {view.deadlines.map((deadline) => {
            const remaining = deadline.dueAtMs - clock;
            // A wait (a reply expected) is no threat: another look, and never urgent.
            const wait = deadline.kind === 'wait';
            const Icon = wait ? Hourglass : AlarmClock;
            return (
              <div
                key={deadline.id}
                className={`${wait ? 'wait' : 'deadline'}${!wait && remaining < urgentMs ? ' urgent' : ''}`}
                data-testid={wait ? 'wait' : 'deadline'}
                data-timer={deadline.id}
              >
                <Icon aria-hidden="true" size={16} />
                <span className="bar-label">
                  {t(wait ? 'investigation.waitKind' : 'investigation.deadlineKind')}
                </span>
                <span>{deadline.label}</span>
                <strong role="timer">{formatDuration(remaining)}</strong>
              </div>
            );
          })}
          {view.score && (
            <div className="score" data-testid="score">
              <Trophy aria-hidden="true" size={18} />
              <span className="bar-label">{t('investigation.score')}</span>
              <span>
                {scoreMax === null
                  ? `\u2066${view.score.total}\u2069`
                  : t('investigation.scoreOf', {
                      points: `\u2066${view.score.total}\u2069`,
                      max: `\u2066${scoreMax}\u2069`,
                    })}
              </span>
            </div>
          )}
          <button
            type="button"
            className="button"
            disabled={busy || view.status === 'finished' || view.heldByInstructor === true}
            onClick={() => send({ type: running ? 'session.pause' : 'session.resume' })}
          >
            {running ? (
              <Pause aria-hidden="true" size={16} />
            ) : (
              <Play aria-hidden="true" size={16} />
            )}
            {running ? t('investigation.pause') : t('investigation.continue')}
          </button>
        </div>
      </header>

      <div className="investigation-grid">
        <div className="stage-column">
          <div className="stage-wrap">
            <SceneStage
              model={stage}
              label={view.scene.label}
              onUse={(hotspot) => send({ type: 'hotspot.use', hotspot: hotspot.id })}
              pulse={pulse?.split('#')[0] ?? null}
              pulseKey={pulse}
              revealed={revealed}
            />
            {view.status === 'paused' &&
              (view.heldByInstructor ? (
                <div className="paused-overlay" data-testid="held-by-instructor">
                  <p>{t('live.trainee.held')}</p>
                </div>
              ) : (
                <div className="paused-overlay">
                  <p>{t('investigation.paused')}</p>
                  <button
                    type="button"
                    className="button primary large"
                    onClick={() => send({ type: 'session.resume' })}
                  >
                    <Play aria-hidden="true" size={18} />
                    {t('investigation.continue')}
                  </button>
                </div>
              ))}
            <div className="visually-hidden" role="status">
              {view.heldByInstructor ? t('live.trainee.held') : ''}
            </div>
          </div>
          {untranslated && (
            <p role="status" className="hint untranslated" data-testid="untranslated">
              {t('investigation.untranslated', {
                language: t(`language.${locale ?? 'en'}`),
                scenarioLanguage: languageName(untranslated, locale ?? 'en'),
              })}
            </p>
          )}
          {problem && (
            <p role="alert" className="error problem">
              {problem}
            </p>
          )}
          <div className="stage-tools">
            <button
              type="button"
              className="button reveal"
              aria-pressed={revealed}
              aria-keyshortcuts="H"
              onClick={() => setRevealed((on) => !on)}
            >
              <ScanSearch aria-hidden="true" size={16} />
              {t('investigation.reveal')}
              <kbd aria-hidden="true">H</kbd>
            </button>
            {/* Asked with nothing left to show, it says so rather than showing nothing. */}
            <p className="hint reveal-none" role="status">
              {revealed && view.scene.hotspots.length === 0 ? t('investigation.revealNone') : ''}
            </p>
            {view.scene.exits.length > 0 && (
              <nav aria-label={t('investigation.exits')} className="exits">
                {view.scene.exits.map((exit) => (
                  <button
                    key={exit.to}
                    data-scene={exit.to}
                    type="button"
                    className="button"
                    disabled={busy || !running}
                    onClick={() => send({ type: 'scene.enter', scene: exit.to })}
                  >
                    <DoorOpen aria-hidden="true" size={16} />
                    <span className="exit-text">
                      {exit.label}
                      {exit.takesSeconds !== null && (
                        <span className="exit-time">
                          <Hourglass aria-hidden="true" size={14} />{' '}
                          {takesText(t, exit.takesSeconds)}
                        </span>
                      )}
                    </span>
                  </button>
                ))}
              </nav>
            )}
          </div>
          <section className="objectives" aria-labelledby="objectives-title">
            <h2 id="objectives-title">{t('investigation.objectives')}</h2>
            <ul className="checklist">
              {view.objectives.map((objective) => (
                <li key={objective}>{objective}</li>
              ))}
            </ul>
          </section>
        </div>
        <div className="side-column">
          <WhatHappened
            moment={moment}
            locale={view.locale}
            hint={showHint ? t('investigation.hint') : null}
          />
          <section className="decisions" aria-labelledby="decisions-title">
            <h2 id="decisions-title">
              <Gavel aria-hidden="true" size={18} /> {t('investigation.decisions')}
            </h2>
            {view.decisions.length === 0 ? (
              <p className="muted">
                {view.status !== 'paused'
                  ? t('investigation.noDecisions')
                  : view.heldByInstructor
                    ? t('investigation.decisionsHeld')
                    : t('investigation.decisionsPaused')}
              </p>
            ) : (
              <ul>
                {view.decisions.map((decision) => (
                  <li key={`${decision.state}.${decision.id}`}>
                    <button
                      type="button"
                      className="button decision"
                      data-decision={decision.id}
                      data-irreversible={decision.irreversible || undefined}
                      disabled={busy || !running}
                      onClick={() =>
                        decision.irreversible
                          ? setConfirming({
                              id: decision.id,
                              state: decision.state,
                              label: decision.label,
                            })
                          : send({
                              type: 'decision.take',
                              decision: decision.id,
                              state: decision.state,
                            })
                      }
                    >
                      <span className="decision-text">
                        {decision.label}
                        {decision.takesSeconds !== null && (
                          <span className="decision-time">
                            <Hourglass aria-hidden="true" size={14} />{' '}
                            {takesText(t, decision.takesSeconds)}
                          </span>
                        )}
                      </span>
                      {decision.irreversible && (
                        <>
                          <Lock aria-hidden="true" size={16} className="decision-mark" />
                          <span className="visually-hidden">{t('investigation.irreversible')}</span>
                        </>
                      )}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {view.wait && (
              <div className="wait">
                <button
                  type="button"
                  className="button"
                  data-wait
                  aria-describedby="wait-hint"
                  disabled={busy || !running}
                  onClick={() => send({ type: 'time.wait' })}
                >
                  <Hourglass aria-hidden="true" size={16} /> {view.wait.label}
                </button>
                <p id="wait-hint" className="muted">
                  {t('investigation.wait')}
                </p>
              </div>
            )}
            {view.decisions.some((decision) => decision.irreversible) && (
              <p className="decision-key muted">
                <Lock aria-hidden="true" size={14} /> {t('investigation.irreversibleKey')}
              </p>
            )}
          </section>
          <SidePanels view={view} assetUrl={assetUrl} send={send} busy={busy || !running} />
        </div>
      </div>
      <ConfirmDialog
        decision={confirming?.label ?? null}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming)
            send({ type: 'decision.take', decision: confirming.id, state: confirming.state });
          setConfirming(null);
        }}
      />
    </section>
  );
}
