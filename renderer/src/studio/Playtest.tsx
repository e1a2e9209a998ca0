import { Play, RotateCcw } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot, UiLocale } from '../../../core/api/contract';
import type { PlaytestSetup, StudioArrival, StudioState } from '../../../core/authoring/types';
import type { VariableValue } from '../../../core/scenario/machine';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import { Investigation } from '../investigation/Investigation';
import { Outcome } from '../investigation/Outcome';
import { Inspector } from './Inspector';

/** A select's value for a fact or draw left to chance. */
const drawn = '';

function parseValue(text: string, type: string): VariableValue {
  if (type === 'bool') return text === 'true';
  if (type === 'int') return Math.trunc(Number(text) || 0);
  if (type === 'number' || type === 'float') return Number(text) || 0;
  return text;
}

/** A choice's value as a select's option value (and back, by index). */
const encode = (value: VariableValue) => JSON.stringify(value);

/**
 * Play-testing from any state: the author chooses the state, the jurisdiction, the language, the
 * case facts and the random draws, sees what arriving there gives (variables, case file) and
 * changes it, then plays in the real trainee screens with the inspector beside them. The session
 * lives in memory in main and is never logged.
 */
export function Playtest({ state, locale }: { state: StudioState; locale: UiLocale }) {
  const { t } = useTranslation();
  const setup = state.setup!;
  const [choice, setChoice] = useState<Omit<PlaytestSetup, 'variables' | 'evidence'>>(() => ({
    state: null,
    variant: setup.variants[0]?.id ?? '',
    locale: setup.locales.includes(locale) ? locale : setup.defaultLocale,
    facts: {},
    draws: {},
  }));
  const [arrival, setArrival] = useState<StudioArrival | null>(null);
  const [variables, setVariables] = useState<Record<string, VariableValue>>({});
  const [evidence, setEvidence] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [session, setSession] = useState<{ snapshot: SessionSnapshot; finished: boolean } | null>(
    null,
  );
  const formId = useId();

  // What arriving in the chosen state gives, as the starting point of the author's changes.
  useEffect(() => {
    let current = true;
    getApi()
      .studio.arrival(state.pack.id, { ...choice, variables: {}, evidence: null })
      .then((found) => {
        if (!current) return;
        setArrival(found);
        setVariables(found.variables);
        setEvidence(found.evidence);
        setProblem(null);
      })
      .catch((error: unknown) => current && setProblem(errorMessage(error)));
    return () => {
      current = false;
    };
  }, [choice, state.pack.id, state.revision]);

  const start = async (event?: FormEvent) => {
    event?.preventDefault();
    setProblem(null);
    try {
      const snapshot = await getApi().studio.playtest(state.pack.id, {
        ...choice,
        variables,
        evidence,
      });
      setSession({ snapshot, finished: false });
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const stop = () => {
    if (session) void getApi().session.abandon(session.snapshot.sessionId);
    setSession(null);
  };

  if (session)
    return (
      <div className="studio-playtest">
        <div className="studio-playtest-bar">
          <p className="studio-test-mark" role="note">
            {t('studio.playtest.marked')}
          </p>
          <button type="button" className="button" onClick={stop}>
            <RotateCcw aria-hidden="true" size={16} />
            {t('studio.playtest.stop')}
          </button>
        </div>
        <div className="studio-playtest-run">
          <div className="studio-playtest-screen">
            {session.finished ? (
              <Outcome
                snapshot={session.snapshot}
                locale={locale}
                onDone={stop}
                onTryAgain={() => void start()}
              />
            ) : (
              <Investigation
                key={session.snapshot.sessionId}
                initial={session.snapshot}
                onFinished={(snapshot) => setSession({ snapshot, finished: true })}
              />
            )}
          </div>
          {/* Read again at once when the session ends, not at the next refresh. */}
          <Inspector
            key={`${session.snapshot.sessionId}-${session.finished}`}
            sessionId={session.snapshot.sessionId}
          />
        </div>
      </div>
    );

  const update = (patch: Partial<typeof choice>) => setChoice((old) => ({ ...old, ...patch }));
  const pick = (
    list: Record<string, VariableValue>,
    key: string,
    values: readonly VariableValue[],
    selected: string,
  ): Record<string, VariableValue> => {
    const next = { ...list };
    if (selected === drawn) delete next[key];
    else next[key] = values[Number(selected)]!;
    return next;
  };

  return (
    <form
      className="studio-playtest-setup"
      onSubmit={(event) => void start(event)}
      aria-labelledby={formId}
    >
      <section className="panel">
        <h3 id={formId}>{t('studio.playtest.title')}</h3>
        <p className="hint">{t('studio.playtest.intro')}</p>
        <div className="studio-fields">
          <div className="field">
            <label htmlFor="playtest-state">{t('studio.playtest.state')}</label>
            <select
              id="playtest-state"
              value={choice.state ?? ''}
              onChange={(event) => update({ state: event.target.value || null })}
            >
              <option value="">{t('studio.playtest.fromStart')}</option>
              {setup.states.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.label} ({entry.id})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="playtest-variant">{t('studio.playtest.variant')}</label>
            <select
              id="playtest-variant"
              value={choice.variant}
              onChange={(event) => update({ variant: event.target.value })}
            >
              {setup.variants.map((variant) => (
                <option key={variant.id} value={variant.id}>
                  {variant.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="playtest-locale">{t('studio.playtest.locale')}</label>
            <select
              id="playtest-locale"
              value={choice.locale}
              onChange={(event) => update({ locale: event.target.value })}
            >
              {setup.locales.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </div>
          {setup.facts.map((fact) => (
            <ChoiceField
              key={fact.id}
              id={`playtest-fact-${fact.id}`}
              label={t('studio.playtest.fact', { fact: fact.label })}
              options={fact.choices.map((entry) => ({ value: entry.value, label: entry.label }))}
              selected={choice.facts[fact.id]}
              onChange={(selected) =>
                update({
                  facts: pick(
                    choice.facts,
                    fact.id,
                    fact.choices.map((entry) => entry.value),
                    selected,
                  ),
                })
              }
            />
          ))}
          {setup.draws.map((draw) => (
            <ChoiceField
              key={draw.variable}
              id={`playtest-draw-${draw.variable}`}
              label={t('studio.playtest.draw', { variable: draw.variable })}
              options={draw.choices.map((value) => ({ value, label: String(value) }))}
              selected={choice.draws[draw.variable]}
              onChange={(selected) =>
                update({ draws: pick(choice.draws, draw.variable, draw.choices, selected) })
              }
            />
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby={`${formId}-arrival`}>
        <h3 id={`${formId}-arrival`}>{t('studio.playtest.arrival')}</h3>
        <p className="hint">{t('studio.playtest.arrivalHint')}</p>
        {arrival && (
          <div className="studio-fields">
            {setup.variables.map((variable) => {
              const id = `playtest-variable-${variable.name}`;
              const value = variables[variable.name] ?? variable.initial;
              const changed = value !== arrival.variables[variable.name];
              return variable.type === 'bool' ? (
                <div
                  key={variable.name}
                  className={changed ? 'field check changed' : 'field check'}
                >
                  <input
                    id={id}
                    type="checkbox"
                    checked={value === true}
                    onChange={(event) =>
                      setVariables((old) => ({ ...old, [variable.name]: event.target.checked }))
                    }
                  />
                  <label htmlFor={id} dir="ltr">
                    {variable.name}
                  </label>
                </div>
              ) : (
                <div key={variable.name} className={changed ? 'field changed' : 'field'}>
                  <label htmlFor={id} dir="ltr">
                    {variable.name}
                  </label>
                  <input
                    id={id}
                    dir="ltr"
                    type={variable.type === 'string' ? 'text' : 'number'}
                    step={variable.type === 'int' ? 1 : 'any'}
                    value={String(value)}
                    onChange={(event) =>
                      setVariables((old) => ({
                        ...old,
                        [variable.name]: parseValue(event.target.value, variable.type),
                      }))
                    }
                  />
                </div>
              );
            })}
          </div>
        )}
        {setup.evidence.length > 0 && (
          <fieldset className="studio-evidence">
            <legend>{t('studio.playtest.caseFile')}</legend>
            {setup.evidence.map((item) => (
              <div key={item.id} className="field check">
                <input
                  id={`playtest-evidence-${item.id}`}
                  type="checkbox"
                  checked={evidence.includes(item.id)}
                  onChange={(event) =>
                    setEvidence((old) =>
                      event.target.checked
                        ? [...old, item.id]
                        : old.filter((entry) => entry !== item.id),
                    )
                  }
                />
                <label htmlFor={`playtest-evidence-${item.id}`}>{item.label}</label>
              </div>
            ))}
          </fieldset>
        )}
        {problem && (
          <p className="hint error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button primary" disabled={!arrival}>
          <Play aria-hidden="true" size={16} />
          {t('studio.playtest.start')}
        </button>
      </section>
    </form>
  );
}

function ChoiceField({
  id,
  label,
  options,
  selected,
  onChange,
}: {
  id: string;
  label: string;
  options: { value: VariableValue; label: string }[];
  selected: VariableValue | undefined;
  onChange: (selected: string) => void;
}) {
  const { t } = useTranslation();
  const index = options.findIndex((option) => encode(option.value) === encode(selected ?? ''));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={selected === undefined || index < 0 ? drawn : String(index)}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value={drawn}>{t('studio.playtest.random')}</option>
        {options.map((option, position) => (
          <option key={position} value={String(position)}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
