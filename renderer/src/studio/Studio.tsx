import { FolderOpen, FolderPlus, Redo2, Undo2, X } from 'lucide-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLocale } from '../../../core/api/contract';
import type { Place, StudioPacks, StudioState } from '../../../core/authoring/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { Bots } from './Bots';
import { FlowMap } from './FlowMap';
import { Playtest } from './Playtest';
import { Problems } from './Problems';
import { ScenePlacement } from './ScenePlacement';
import { Strings } from './Strings';
import './studio.css';

interface Props {
  locale: UiLocale;
}

/** The parts of an open pack, one at a time. */
export type StudioView = 'problems' | 'flow' | 'scenes' | 'playtest' | 'bots' | 'strings';

/**
 * The authoring studio: the packs under development (created from the template or opened from a
 * folder the author picks), and the open pack with its diagnostics, updated within a second of a
 * save from any editor (the main process watches the files and pushes `studio:changed`).
 */
export function Studio({ locale }: Props) {
  const { t } = useTranslation();
  const [packs, setPacks] = useState<StudioPacks | null>(null);
  const [state, setState] = useState<StudioState | null>(null);
  const [view, setView] = useState<StudioView>('problems');
  const [place, setPlace] = useState<Place | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');

  const [listed, setListed] = useState(0);
  const list = useCallback(() => setListed((count) => count + 1), []);

  useEffect(() => {
    let current = true;
    getApi()
      .studio.packs(locale)
      .then((found) => current && setPacks(found))
      .catch((problem: unknown) => current && setError(errorMessage(problem)));
    return () => {
      current = false;
    };
  }, [locale, listed]);

  const openId = state?.pack.id ?? null;
  useEffect(
    () =>
      getApi().on('studio:changed', (next) => {
        if (next.pack.id === openId) setState(next);
      }),
    [openId],
  );
  // Stop watching when the author leaves the studio.
  useEffect(() => () => void getApi().studio.close(), []);

  const load = useCallback(
    async (id: string) => {
      setError(null);
      try {
        setState(await getApi().studio.load(id, locale));
        setView('problems');
        setPlace(null);
      } catch (problem) {
        setError(errorMessage(problem));
      }
    },
    [locale],
  );

  // The open pack's texts follow the interface's language.
  useEffect(() => {
    if (openId) void getApi().studio.load(openId, locale).then(setState);
  }, [locale, openId]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const id = await getApi().studio.create(name.trim());
      setName('');
      list();
      await load(id);
    } catch (problem) {
      setError(errorMessage(problem));
    }
  };

  const openFolder = async () => {
    setError(null);
    try {
      const id = await getApi().studio.open();
      if (id === null) return;
      list();
      await load(id);
    } catch (problem) {
      setError(errorMessage(problem));
    }
  };

  const history = async (direction: 'undo' | 'redo') => {
    if (!state) return;
    setError(null);
    try {
      setState(await getApi().studio[direction](state.pack.id));
    } catch (problem) {
      setError(errorMessage(problem));
    }
  };

  if (!state)
    return (
      <div className="studio">
        <section className="panel studio-packs" aria-labelledby="studio-packs-title">
          <h2 id="studio-packs-title">{t('studio.packs.title')}</h2>
          <p className="hint">{t('studio.packs.intro')}</p>
          {packs && packs.development.length === 0 && <p>{t('studio.packs.none')}</p>}
          {packs && packs.development.length > 0 && (
            <ul className="studio-pack-list">
              {packs.development.map((pack) => (
                <li key={pack.id}>
                  <button type="button" className="button" onClick={() => void load(pack.id)}>
                    <bdi>{pack.name}</bdi>
                  </button>
                  <span className="studio-path" dir="ltr">
                    {pack.path}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <form className="studio-create" onSubmit={(event) => void create(event)}>
            <div className="field">
              <label htmlFor="studio-new-name">{t('studio.packs.newName')}</label>
              <input
                id="studio-new-name"
                value={name}
                dir="ltr"
                pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"
                maxLength={64}
                required
                aria-describedby="studio-new-hint"
                onChange={(event) => setName(event.target.value)}
              />
              <p className="hint" id="studio-new-hint">
                {t('studio.packs.newHint')}
              </p>
            </div>
            <button type="submit" className="button primary">
              <FolderPlus aria-hidden="true" size={16} />
              {t('studio.packs.create')}
            </button>
          </form>
          <button type="button" className="button" onClick={() => void openFolder()}>
            <FolderOpen aria-hidden="true" size={16} />
            {t('studio.packs.openFolder')}
          </button>
          {error && (
            <p className="hint error" role="alert">
              {error}
            </p>
          )}
        </section>
        <section className="panel studio-installed" aria-labelledby="studio-installed-title">
          <h2 id="studio-installed-title">{t('studio.packs.installed')}</h2>
          <p className="hint">{t('studio.packs.installedHint')}</p>
          <ul>
            {packs?.installed.map((pack) => (
              <li key={pack.folder}>
                <bdi>{pack.title}</bdi> <span className="studio-path">{pack.folder}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    );

  const errors = state.diagnostics.filter((item) => item.severity === 'error').length;
  const warnings = state.diagnostics.length - errors;
  const tabs: { id: StudioView; label: string; needsScenario: boolean }[] = [
    {
      id: 'problems',
      label: t('studio.tabs.problems', { count: errors + warnings }),
      needsScenario: false,
    },
    { id: 'flow', label: t('studio.tabs.flow'), needsScenario: true },
    { id: 'scenes', label: t('studio.tabs.scenes'), needsScenario: true },
    { id: 'playtest', label: t('studio.tabs.playtest'), needsScenario: true },
    { id: 'bots', label: t('studio.tabs.bots'), needsScenario: true },
    { id: 'strings', label: t('studio.tabs.strings'), needsScenario: true },
  ];

  return (
    <div className="studio studio-open">
      <div className="studio-head">
        <button
          type="button"
          className="button ghost"
          onClick={() => {
            void getApi().studio.close();
            setState(null);
            list();
          }}
        >
          <X aria-hidden="true" size={16} />
          {t('studio.back')}
        </button>
        <div className="studio-title">
          <h2>
            <bdi>{state.pack.title ?? state.pack.name}</bdi>
          </h2>
          <span className="studio-path" dir="ltr">
            {state.pack.path}/{state.file}
          </span>
        </div>
        <p className="studio-status" role="status" data-testid="studio-status">
          {errors > 0
            ? t('studio.status.errors', { count: errors })
            : state.analysis.status === 'running'
              ? t('studio.status.analysing')
              : t('studio.status.clean', { count: warnings })}
        </p>
        <button
          type="button"
          className="button"
          disabled={state.undo === 0}
          onClick={() => void history('undo')}
        >
          <Undo2 aria-hidden="true" size={16} />
          {t('studio.undo')}
        </button>
        <button
          type="button"
          className="button"
          disabled={state.redo === 0}
          onClick={() => void history('redo')}
        >
          <Redo2 aria-hidden="true" size={16} />
          {t('studio.redo')}
        </button>
      </div>
      {error && (
        <p className="hint error" role="alert">
          {error}
        </p>
      )}
      <nav className="instructor-nav studio-nav" aria-label={t('studio.sections')}>
        {tabs
          .filter((tab) => !tab.needsScenario || state.graph !== null)
          .map((tab) => (
            <button
              key={tab.id}
              type="button"
              className="nav-tab"
              aria-current={view === tab.id ? 'page' : undefined}
              onClick={() => setView(tab.id)}
            >
              {tab.label}
            </button>
          ))}
      </nav>
      {(view === 'problems' || state.graph === null) && (
        <Problems state={state} place={place} onShow={setPlace} />
      )}
      {view === 'flow' && state.graph !== null && <FlowMap state={state} />}
      {view === 'scenes' && state.graph !== null && (
        <ScenePlacement key={state.pack.id} state={state} onState={setState} />
      )}
      {view === 'playtest' && state.setup !== null && (
        <Playtest key={state.pack.id} state={state} locale={locale} />
      )}
      {view === 'bots' && state.setup !== null && (
        <Bots key={state.pack.id} state={state} locale={locale} />
      )}
      {view === 'strings' && state.strings !== null && (
        <Strings key={state.pack.id} state={state} onState={setState} />
      )}
    </div>
  );
}
