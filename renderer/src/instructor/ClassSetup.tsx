import { Save } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassSetup as Setup, ClassSetupView, UiLocale } from '../../../core/api/contract';
import { getApi } from '../api';
import { errorMessage } from '../errors';
import './classSetup.css';

interface Props {
  locale: UiLocale;
}

/**
 * The class setup: per scenario, whether trainees choose the jurisdiction, and which hidden case
 * facts are fixed for the class instead of drawn for each session.
 */
export function ClassSetup({ locale }: Props) {
  const { t } = useTranslation();
  const [packs, setPacks] = useState<ClassSetupView[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    getApi()
      .setup.list(locale)
      .then((views) => current && setPacks(views))
      .catch((error: unknown) => current && setFailure(errorMessage(error)));
    return () => {
      current = false;
    };
  }, [locale]);

  return (
    <section className="class-setup" aria-labelledby="class-setup-title">
      <h2 id="class-setup-title">{t('instructor.setup.title')}</h2>
      <p className="muted">{t('instructor.setup.intro')}</p>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {!packs && !failure && <p role="status">{t('instructor.setup.loading')}</p>}
      {packs?.length === 0 && <p>{t('instructor.setup.none')}</p>}
      {packs?.map((pack) => (
        <PackSetup key={pack.folder} pack={pack} />
      ))}
    </section>
  );
}

/** A select's value for a case fact's value: its JSON, so booleans and numbers survive. */
const encode = (value: boolean | number | string): string => JSON.stringify(value);

function PackSetup({ pack }: { pack: ClassSetupView }) {
  const { t } = useTranslation();
  const id = useId();
  const [setup, setSetup] = useState<Setup>(pack.setup);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setSetup(await getApi().setup.save(pack.folder, setup));
      setMessage({ ok: true, text: t('instructor.setup.saved') });
    } catch (error) {
      setMessage({ ok: false, text: errorMessage(error) });
    }
  };

  return (
    <form className="panel setup-pack" onSubmit={(event) => void save(event)}>
      <h3>{pack.title}</h3>
      <div className="field">
        <label htmlFor={`${id}-variant`}>{t('instructor.setup.jurisdiction')}</label>
        <select
          id={`${id}-variant`}
          value={setup.variant ?? ''}
          onChange={(event) => {
            setMessage(null);
            setSetup({ ...setup, variant: event.target.value || null });
          }}
        >
          <option value="">{t('instructor.setup.traineeChooses')}</option>
          {pack.variants.map((variant) => (
            <option key={variant.id} value={variant.id}>
              {variant.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="setup-facts">
        <legend>{t('instructor.setup.facts')}</legend>
        {pack.facts.length === 0 && <p className="muted">{t('instructor.setup.noFacts')}</p>}
        {pack.facts.map((fact) => {
          const assigned = setup.facts[fact.id];
          return (
            <div className="field" key={fact.id}>
              <label htmlFor={`${id}-${fact.id}`}>{fact.label}</label>
              <select
                id={`${id}-${fact.id}`}
                value={assigned === undefined ? '' : encode(assigned)}
                onChange={(event) => {
                  setMessage(null);
                  const facts = { ...setup.facts };
                  if (event.target.value === '') delete facts[fact.id];
                  else facts[fact.id] = JSON.parse(event.target.value) as boolean | number | string;
                  setSetup({ ...setup, facts });
                }}
              >
                <option value="">{t('instructor.setup.drawn')}</option>
                {fact.choices.map((choice) => (
                  <option key={encode(choice.value)} value={encode(choice.value)}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </fieldset>
      <div className="setup-actions">
        <button type="submit" className="button primary">
          <Save aria-hidden="true" size={16} />
          {t('instructor.setup.save')}
        </button>
        {message && (
          <p className={message.ok ? 'hint' : 'hint error'} role="status">
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}
