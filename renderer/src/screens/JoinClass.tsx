import { LogOut, Radio } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveDiscovered, LiveLink } from '../../../core/api/contract';
import { getApi } from '../api';
import type { ApiError } from '../../../core/api/envelope';
import { errorMessage } from '../errors';

/** Discovery is asked again this often while the panel is shown (a bounded poll). */
const discoverEveryMs = 4_000;

/**
 * Joining the instructor's live class, on the trainee's side: the classes announced on the
 * room's network, or a typed address, and the class code. Optional: a workstation that never
 * joins works as before, and its log is gathered by file.
 */
export function JoinClass() {
  const { t } = useTranslation();
  const [link, setLink] = useState<LiveLink>({ state: 'off' });
  const [found, setFound] = useState<LiveDiscovered[]>([]);
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    void getApi().live.link().then(setLink);
    return getApi().on('live:link', setLink);
  }, []);

  const joined = link.state === 'joined' || link.state === 'waiting';
  useEffect(() => {
    if (joined) return;
    let current = true;
    const look = () =>
      void getApi()
        .live.discover()
        .then((list) => current && setFound(list))
        .catch(() => undefined);
    look();
    const timer = setInterval(look, discoverEveryMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [joined]);

  const join = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const next = await getApi().live.join({ address, code });
      setLink(next);
      if (next.state === 'refused') setProblem(t(`live.join.error.${next.reason}`));
    } catch (error) {
      // Built by the preload's copy of the client, not this bundle's: read by shape, not class.
      const issues = (error as Partial<Pick<ApiError, 'issues'>> | null)?.issues;
      const paths = Array.isArray(issues) ? issues.map((issue) => issue.path) : [];
      setProblem(
        paths.length > 0
          ? paths
              .map((path) => t(`live.join.error.${path.endsWith('code') ? 'code' : 'address'}`))
              .join(' ')
          : errorMessage(error),
      );
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    setLink(await getApi().live.leave());
  };

  if (joined)
    return (
      <section className="panel join-class" aria-labelledby="join-class-title">
        <h2 id="join-class-title" className="visually-hidden">
          {t('live.join.title')}
        </h2>
        <div className="join-class-status">
          <Radio aria-hidden="true" size={20} />
          <p role="status" data-testid="live-link" data-state={link.state}>
            {link.state === 'joined'
              ? t('live.join.joined', { address: link.address })
              : t('live.join.waiting', { address: link.address })}
          </p>
          <button type="button" className="button" onClick={() => void leave()}>
            <LogOut aria-hidden="true" size={16} />
            {t('live.join.leave')}
          </button>
        </div>
      </section>
    );

  // Folded by default: a workstation that never joins keeps the library where it was.
  return (
    <details className="panel join-class" open={problem !== null || undefined}>
      <summary>
        <Radio aria-hidden="true" size={20} /> {t('live.join.title')}
      </summary>
      <div className="join-class-body">
        <p className="muted">{t('live.join.intro')}</p>
        {found.length > 0 && (
          <ul className="join-class-found" aria-label={t('live.join.found')}>
            {found.map((entry) => (
              <li key={`${entry.classId}/${entry.address}`}>
                <button
                  type="button"
                  className="button ghost"
                  onClick={() => setAddress(entry.address)}
                >
                  {t('live.join.use', { name: entry.name, address: entry.address })}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="join-class-form" onSubmit={(event) => void join(event)}>
          <div className="field">
            <label htmlFor="join-address">{t('live.join.address')}</label>
            <input
              id="join-address"
              dir="ltr"
              value={address}
              autoComplete="off"
              spellCheck={false}
              placeholder="192.168.1.20:41770"
              onChange={(event) => setAddress(event.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="join-code">{t('live.join.code')}</label>
            <input
              id="join-code"
              dir="ltr"
              value={code}
              autoComplete="off"
              spellCheck={false}
              placeholder="ABCD-2345"
              onChange={(event) => setCode(event.target.value)}
              required
            />
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('live.join.joining') : t('live.join.submit')}
          </button>
        </form>
        {problem && (
          <p className="hint error" role="alert" data-testid="join-problem">
            {problem}
          </p>
        )}
      </div>
    </details>
  );
}
