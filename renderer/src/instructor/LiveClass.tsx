import {
  AlertOctagon,
  History,
  MessageSquare,
  Pause,
  Play,
  Radio,
  Send,
  Square,
  WifiOff,
} from 'lucide-react';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  LiveClassView,
  LiveTrainee,
  SessionSnapshot,
  UiLocale,
} from '../../../core/api/contract';
import type { SessionSummary } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { formatDuration } from '../investigation/useScenarioClock';
import { CohortView } from './CohortView';
import { InjectDialog, MessageDialog } from './LiveDialogs';
import { TraineeDebriefView } from './TraineeDebriefView';
import { useScenarioNames } from './useScenarioNames';
import './live.css';
import { CodeText } from './CodeText';

interface Props {
  locale: UiLocale;
  onFork: (from: SessionSummary, snapshot: SessionSnapshot) => void;
}

/** The time-based columns (idle, stuck) move without any event: looked at again this often. */
const refreshMs = 10_000;
/** The cohort graph is redrawn at most this often while the class plays. */
const graphEveryMs = 5_000;

/** The live class on the instructor's station: run it, watch it, send into it. */
export function LiveClass({ locale, onFork }: Props) {
  const { t } = useTranslation();
  const [view, setView] = useState<LiveClassView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [opened, setOpened] = useState<SessionSummary | null>(null);
  const [injecting, setInjecting] = useState(false);
  const [messaging, setMessaging] = useState<LiveTrainee | null>(null);
  /** What was just sent, said in the language shown now (the instructor may switch it). */
  const [notice, setNotice] = useState<
    { kind: 'inject'; count: number } | { kind: 'message'; trainee: string } | null
  >(null);
  const [revision, setRevision] = useState(0);
  const [graphRevision, setGraphRevision] = useState(0);
  const lastGraph = useRef(0);
  const names = useScenarioNames(locale, setError);

  const load = useCallback(() => {
    getApi()
      .live.class(locale)
      .then((next) => {
        setView(next);
        setError(null);
        setRevision((value) => value + 1);
        const now = Date.now();
        if (now - lastGraph.current >= graphEveryMs) {
          lastGraph.current = now;
          setGraphRevision((value) => value + 1);
        }
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [locale]);

  useEffect(() => {
    load();
    const off = getApi().on('live:changed', load);
    const timer = setInterval(load, refreshMs);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [load]);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      load();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const open = async (trainee: LiveTrainee) => {
    try {
      const sessions = await getApi().debrief.sessions({ trainee: trainee.trainee });
      const summary = sessions.find(
        (session) =>
          session.id === trainee.sessionId && session.workstationId === trainee.workstationId,
      );
      if (summary) setOpened(summary);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  if (opened)
    return (
      <TraineeDebriefView
        session={opened}
        locale={locale}
        revision={revision}
        backLabel={t('live.back')}
        onBack={() => setOpened(null)}
        onFork={(snapshot) => onFork(opened, snapshot)}
      />
    );

  const info = view?.info ?? null;
  if (!view) return <p className="muted">{error ?? t('live.loading')}</p>;

  if (!info)
    return (
      <section className="panel live-run" aria-labelledby="live-run-title">
        <h2 id="live-run-title">
          <Radio aria-hidden="true" size={20} /> {t('live.run.title')}
        </h2>
        <p>{t('live.run.intro')}</p>
        <form
          className="live-run-form"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            void run(() => getApi().live.start(name));
          }}
        >
          <div className="field">
            <label htmlFor="live-class-name">{t('live.run.name')}</label>
            <input
              id="live-class-name"
              value={name}
              maxLength={60}
              placeholder={t('live.run.namePlaceholder')}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            <Play aria-hidden="true" size={16} />
            {t('live.run.start')}
          </button>
        </form>
        {error && (
          <p className="hint error" role="alert">
            {error}
          </p>
        )}
      </section>
    );

  const trainees = view.trainees;
  const targets =
    selected.size > 0 ? trainees.filter((row) => selected.has(row.sessionId)) : trainees;
  const toggle = (sessionId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(sessionId)) next.delete(sessionId);
      else next.add(sessionId);
      return next;
    });

  return (
    <div className="live">
      <section className="panel live-banner" aria-labelledby="live-code-label">
        <div className="live-join-facts">
          <div>
            <p className="live-label" id="live-code-label">
              {t('live.class.code')}
            </p>
            <p className="live-code" data-testid="live-code" dir="ltr">
              {info.code}
            </p>
          </div>
          <div>
            <p className="live-label">{t('live.class.address')}</p>
            <ul className="live-addresses" data-testid="live-addresses">
              {info.addresses.map((address) => (
                <li key={address} dir="ltr">
                  {address}
                </li>
              ))}
            </ul>
          </div>
        </div>
        <p className="muted" data-testid="live-announce">
          {info.name} · {t(`live.class.announce.${info.announcing}`)}
        </p>
        <div className="live-controls">
          <button
            type="button"
            className="button"
            disabled={busy || trainees.length === 0}
            aria-pressed={view.paused}
            onClick={() => void run(() => getApi().live.pause(!view.paused))}
          >
            {view.paused ? (
              <Play aria-hidden="true" size={16} />
            ) : (
              <Pause aria-hidden="true" size={16} />
            )}
            {view.paused ? t('live.class.resume') : t('live.class.pause')}
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy || trainees.length === 0}
            onClick={() => setInjecting(true)}
          >
            <Send aria-hidden="true" size={16} />
            {t('live.inject.open', { count: targets.length })}
          </button>
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => void run(() => getApi().live.stop())}
          >
            <Square aria-hidden="true" size={16} />
            {t('live.class.stop')}
          </button>
        </div>
        <div role="status" className="live-notice">
          {view.paused && <p>{t('live.class.paused')}</p>}
          {notice && (
            <p>
              {notice.kind === 'inject'
                ? t('live.inject.sent', { count: notice.count })
                : t('live.message.sent', { trainee: notice.trainee })}
            </p>
          )}
        </div>
      </section>
      {error && (
        <p className="hint error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="live-table-title" className="live-table">
        <h2 id="live-table-title">{t('live.table.caption')}</h2>
        <table className="data-table" data-testid="live-trainees">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('live.table.selection')}</span>
              </th>
              <th scope="col">{t('live.table.trainee')}</th>
              <th scope="col">{t('live.table.where')}</th>
              <th scope="col" className="number">
                {t('live.table.time')}
              </th>
              <th scope="col" className="number">
                {t('live.table.score')}
              </th>
              <th scope="col" className="number">
                {t('live.table.errors')}
              </th>
              <th scope="col" className="number">
                {t('live.table.idle')}
              </th>
              <th scope="col">{t('live.table.alerts')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('live.table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {trainees.length === 0 && (
              <tr>
                <td colSpan={9} className="muted">
                  {t('live.table.none')}
                </td>
              </tr>
            )}
            {trainees.map((row) => (
              <tr
                key={row.sessionId}
                data-session={row.sessionId}
                className={row.alerts.length > 0 ? 'live-alerted' : undefined}
              >
                <td>
                  <input
                    type="checkbox"
                    checked={selected.has(row.sessionId)}
                    onChange={() => toggle(row.sessionId)}
                    aria-label={t('live.table.select', { trainee: row.trainee })}
                  />
                </td>
                <th scope="row">
                  <span className="live-trainee">
                    <CodeText text={row.trainee} />
                  </span>
                  <span className="muted live-scenario">
                    {names.scenario(row.scenarioId)} · <CodeText text={row.cohort} />
                  </span>
                </th>
                <td>
                  {row.states.length > 0 ? row.states.join(', ') : '—'}
                  <span className="muted"> · {t(`live.status.${row.status}`)}</span>
                </td>
                <td className="number" dir="ltr">
                  {formatDuration(row.scenarioTimeMs)}
                </td>
                <td className="number">{row.score}</td>
                <td className="number">{row.criticalErrors}</td>
                <td className="number">
                  {t('live.table.ago', { time: formatDuration(row.idleMs) })}
                </td>
                <td>
                  <ul className="live-alerts">
                    {row.alerts.map((alert) => (
                      <li key={alert} className={`live-alert ${alert}`}>
                        {alert === 'disconnected' ? (
                          <WifiOff aria-hidden="true" size={14} />
                        ) : (
                          <AlertOctagon aria-hidden="true" size={14} />
                        )}
                        {t(`live.alert.${alert}`, { minutes: view.stuckAfterMinutes })}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="live-row-actions">
                  <button
                    type="button"
                    className="button ghost"
                    onClick={() => void open(row)}
                    aria-label={t('live.table.open', { trainee: row.trainee })}
                  >
                    <History aria-hidden="true" size={16} />
                    {t('live.table.timeline')}
                  </button>
                  <button
                    type="button"
                    className="button ghost"
                    disabled={!row.connected}
                    onClick={() => setMessaging(row)}
                    aria-label={t('live.table.message', { trainee: row.trainee })}
                  >
                    <MessageSquare aria-hidden="true" size={16} />
                    {t('live.table.write')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {trainees.length > 0 && <CohortView revision={graphRevision} locale={locale} />}
      <InjectDialog
        open={injecting}
        locale={locale}
        targets={targets}
        injects={view.injects}
        onSent={(count) => {
          setInjecting(false);
          setNotice({ kind: 'inject', count });
          load();
        }}
        onCancel={() => setInjecting(false)}
      />
      <MessageDialog
        trainee={messaging}
        onSent={() => {
          setNotice({ kind: 'message', trainee: messaging?.trainee ?? '' });
          setMessaging(null);
        }}
        onCancel={() => setMessaging(null)}
      />
    </div>
  );
}
