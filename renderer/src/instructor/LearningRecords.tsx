import { Download, RefreshCw, Send, ShieldAlert } from 'lucide-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  XapiConnectionTest,
  XapiContent,
  XapiEntry,
  XapiOutboxView,
  XapiSettingsView,
} from '../../../core/xapi/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { dateLocale } from '../i18n';
import { saveFile } from './files';

/** How often the outbox is read again while the screen is open. */
const pollMs = 2000;

const contentKeys: (keyof XapiContent)[] = [
  'decisions',
  'evidence',
  'criticalErrors',
  'outcome',
  'caseFacts',
];

/** The verb's last path segment (`answered`), which names it in the catalogues. */
const verbKey = (verb: string) => verb.slice(verb.lastIndexOf('/') + 1);

/**
 * Learning records: what waits for the academy's learning record store, what it took and what it
 * refused (with its reason), and the connection's settings.
 */
export function LearningRecords() {
  const { t } = useTranslation();
  const [outbox, setOutbox] = useState<XapiOutboxView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    void getApi()
      .xapi.outbox()
      .then(setOutbox)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, pollMs);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (run: () => Promise<XapiOutboxView>) => {
    try {
      setOutbox(await run());
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const exportOutbox = async () => {
    try {
      saveFile('casefile-statements.json', await getApi().xapi.export(), 'application/json');
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <div className="learning-records">
      <section className="panel" aria-labelledby="records-title">
        <h2 id="records-title">{t('instructor.records.title')}</h2>
        <p className="hint">{t('instructor.records.intro')}</p>
        {error && (
          <p className="hint error" role="alert">
            {error}
          </p>
        )}
        {outbox && (
          <>
            <dl className="records-counts" data-testid="records-counts">
              {(['pending', 'sent', 'rejected'] as const).map((status) => (
                <div key={status} className={`records-count ${status}`}>
                  <dt>{t(`instructor.records.counts.${status}`)}</dt>
                  <dd data-testid={`count-${status}`}>{outbox.counts[status]}</dd>
                </div>
              ))}
            </dl>
            <SenderState outbox={outbox} />
            <div className="records-actions">
              <button
                type="button"
                className="button"
                onClick={() => void act(() => getApi().xapi.send())}
              >
                <Send aria-hidden="true" size={16} className="flip-rtl" />
                {t('instructor.records.sendNow')}
              </button>
              <button
                type="button"
                className="button"
                disabled={outbox.counts.rejected === 0}
                onClick={() => void act(() => getApi().xapi.retry(null))}
              >
                <RefreshCw aria-hidden="true" size={16} />
                {t('instructor.records.retryAll')}
              </button>
              <button type="button" className="button" onClick={() => void exportOutbox()}>
                <Download aria-hidden="true" size={16} />
                {t('instructor.records.export')}
              </button>
            </div>
            {outbox.waiting.length > 0 && (
              <p className="hint" role="status">
                {t('instructor.records.waitingPacks', { count: outbox.waiting.length })}
              </p>
            )}
            <EntryTable
              id="rejected"
              entries={outbox.rejected}
              total={outbox.counts.rejected}
              onRetry={(id) => void act(() => getApi().xapi.retry([id]))}
            />
            <EntryTable id="pending" entries={outbox.pending} total={outbox.counts.pending} />
            <EntryTable id="sent" entries={outbox.sent} total={outbox.counts.sent} />
          </>
        )}
      </section>
      <LrsSettings onSaved={refresh} />
    </div>
  );
}

function SenderState({ outbox }: { outbox: XapiOutboxView }) {
  const { t, i18n } = useTranslation();
  const state = outbox.state;
  const time = new Intl.DateTimeFormat(dateLocale(i18n.language), { timeStyle: 'medium' });
  if (state.kind === 'halted')
    return (
      <p className="records-state halted" role="alert">
        <ShieldAlert aria-hidden="true" size={18} />
        {t('instructor.records.state.halted', { reason: state.reason })}
      </p>
    );
  const text =
    state.kind === 'unconfigured'
      ? t('instructor.records.state.unconfigured')
      : state.kind === 'waiting'
        ? t('instructor.records.state.waiting', {
            reason: state.reason,
            time: time.format(state.until),
          })
        : state.kind === 'sending' && outbox.counts.pending > 0
          ? t('instructor.records.state.sending')
          : outbox.counts.pending > 0
            ? t('instructor.records.state.queued')
            : t('instructor.records.state.idle');
  return (
    <p className={`records-state ${state.kind}`} role="status">
      {text}
    </p>
  );
}

function EntryTable({
  id,
  entries,
  total,
  onRetry,
}: {
  id: 'pending' | 'sent' | 'rejected';
  entries: XapiEntry[];
  total: number;
  onRetry?: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const dateTime = new Intl.DateTimeFormat(dateLocale(i18n.language), {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return (
    <section className="records-list" aria-labelledby={`records-${id}`}>
      <h3 id={`records-${id}`}>
        {t(`instructor.records.lists.${id}`)}{' '}
        {total > entries.length && (
          <span className="muted">
            {t('instructor.records.firstOf', { shown: entries.length, total })}
          </span>
        )}
      </h3>
      {entries.length === 0 ? (
        <p className="muted">{t('instructor.records.none')}</p>
      ) : (
        <table className="data-table" data-testid={`records-${id}`}>
          <thead>
            <tr>
              <th scope="col">{t('instructor.records.columns.trainee')}</th>
              <th scope="col">{t('instructor.records.columns.statement')}</th>
              <th scope="col" className="number">
                {t('instructor.records.columns.event')}
              </th>
              <th scope="col" className="number">
                {t('instructor.records.columns.attempts')}
              </th>
              <th scope="col">
                {id === 'pending'
                  ? t('instructor.records.columns.queued')
                  : t('instructor.records.columns.settled')}
              </th>
              {id === 'rejected' && (
                <>
                  <th scope="col">{t('instructor.records.columns.reason')}</th>
                  <th scope="col">
                    <span className="visually-hidden">
                      {t('instructor.records.columns.action')}
                    </span>
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{entry.trainee ?? entry.workstationId}</td>
                <td>
                  {t(`instructor.records.verbs.${verbKey(entry.verb)}`, {
                    defaultValue: verbKey(entry.verb),
                  })}
                </td>
                <td className="number">{entry.seq}</td>
                <td className="number">{entry.attempts}</td>
                <td>{dateTime.format(entry.settledAt ?? entry.queuedAt)}</td>
                {id === 'rejected' && (
                  <>
                    <td className="records-reason">
                      <bdi>{entry.reason}</bdi>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        aria-label={t('instructor.records.retryOne', {
                          trainee: entry.trainee ?? entry.workstationId,
                          seq: entry.seq,
                        })}
                        onClick={() => onRetry?.(entry.id)}
                      >
                        {t('instructor.records.retry')}
                      </button>
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function LrsSettings({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const [view, setView] = useState<XapiSettingsView | null>(null);
  const [endpoint, setEndpoint] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [homePage, setHomePage] = useState('');
  const [content, setContent] = useState<XapiContent | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const [test, setTest] = useState<XapiConnectionTest | null>(null);
  const [testing, setTesting] = useState(false);

  const show = (settings: XapiSettingsView) => {
    setView(settings);
    setEndpoint(settings.endpoint);
    setUsername(settings.username);
    setHomePage(settings.homePage);
    setContent(settings.content);
    setPassword('');
  };

  useEffect(() => {
    void getApi()
      .xapi.settings()
      .then(show)
      .catch((failure: unknown) => setMessage({ ok: false, text: errorMessage(failure) }));
  }, []);

  if (!view || !content) return null;
  const input = () => ({
    endpoint,
    username,
    homePage,
    content,
    ...(password !== '' ? { password } : {}),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      show(await getApi().xapi.save(input()));
      setTest(null);
      setMessage(null);
      setSaved(true);
      onSaved();
    } catch (failure) {
      setSaved(false);
      setMessage({ ok: false, text: errorMessage(failure) });
    }
  };

  const runTest = async () => {
    setTesting(true);
    setTest(null);
    try {
      setTest(await getApi().xapi.test(input()));
      setMessage(null);
    } catch (failure) {
      setMessage({ ok: false, text: errorMessage(failure) });
    } finally {
      setTesting(false);
    }
  };

  const keychain = view.encryptionUnavailable;
  return (
    <form
      className="panel records-settings"
      aria-labelledby="records-settings-title"
      onSubmit={(event) => void save(event)}
    >
      <h2 id="records-settings-title">{t('instructor.records.settings.title')}</h2>
      <div className="field">
        <label htmlFor="lrs-endpoint">{t('instructor.records.settings.endpoint')}</label>
        <input
          id="lrs-endpoint"
          type="url"
          dir="ltr"
          value={endpoint}
          placeholder="https://lrs.example.org/xAPI/"
          onChange={(event) => setEndpoint(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="lrs-username">{t('instructor.records.settings.username')}</label>
        <input
          id="lrs-username"
          dir="ltr"
          autoComplete="off"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="lrs-password">{t('instructor.records.settings.password')}</label>
        <input
          id="lrs-password"
          type="password"
          dir="ltr"
          autoComplete="new-password"
          aria-describedby="lrs-password-hint"
          disabled={keychain !== null}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id="lrs-password-hint" className={keychain ? 'hint error' : 'hint'}>
          {keychain
            ? t(`instructor.records.settings.keychain.${keychain}`)
            : view.passwordStored
              ? t('instructor.records.settings.passwordStored')
              : t('instructor.records.settings.passwordEncrypted')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="lrs-home">{t('instructor.records.settings.homePage')}</label>
        <input
          id="lrs-home"
          type="url"
          dir="ltr"
          aria-describedby="lrs-home-hint"
          value={homePage}
          placeholder="https://academy.example.org"
          onChange={(event) => setHomePage(event.target.value)}
        />
        <p id="lrs-home-hint" className="hint">
          {t('instructor.records.settings.homePageHint')}
        </p>
      </div>
      <fieldset className="records-content">
        <legend>{t('instructor.records.settings.content')}</legend>
        {contentKeys.map((key) => (
          <label key={key} className="check">
            <input
              type="checkbox"
              checked={content[key]}
              onChange={(event) => setContent({ ...content, [key]: event.target.checked })}
            />
            {t(`instructor.records.settings.send.${key}`)}
          </label>
        ))}
      </fieldset>
      {(message ?? saved) && (
        <p className={message && !message.ok ? 'hint error' : 'hint'} role="status">
          {message ? message.text : t('instructor.records.settings.saved')}
        </p>
      )}
      {test && <TestResult test={test} />}
      <div className="records-actions">
        <button type="submit" className="button primary">
          {t('instructor.records.settings.save')}
        </button>
        <button
          type="button"
          className="button"
          disabled={testing || endpoint.trim() === ''}
          onClick={() => void runTest()}
        >
          {testing
            ? t('instructor.records.settings.testing')
            : t('instructor.records.settings.test')}
        </button>
      </div>
    </form>
  );
}

function TestResult({ test }: { test: XapiConnectionTest }) {
  const { t } = useTranslation();
  return (
    <div role="status" data-testid="records-test">
      <ul className="records-test">
        <li className={test.about.ok ? 'ok' : 'failed'}>
          {test.about.ok
            ? t('instructor.records.settings.aboutOk', { versions: test.about.versions.join(', ') })
            : t('instructor.records.settings.aboutFailed', { detail: test.about.detail })}
        </li>
        {test.auth && (
          <li className={test.auth.ok ? 'ok' : 'failed'}>
            {test.auth.ok
              ? t('instructor.records.settings.authOk')
              : t('instructor.records.settings.authFailed', { detail: test.auth.detail })}
          </li>
        )}
      </ul>
    </div>
  );
}
