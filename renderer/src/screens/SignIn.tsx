import { LogIn } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preferences } from '../../../core/api/contract';

interface Props {
  preferences: Preferences;
  onSignIn: (trainee: string, cohort: string) => void;
}

/** Who is training, in which class: remembered per workstation, editable every time. */
export function SignIn({ preferences, onSignIn }: Props) {
  const { t } = useTranslation();
  const traineeId = useId();
  const cohortId = useId();
  const [trainee, setTrainee] = useState(preferences.trainee);
  const [cohort, setCohort] = useState(preferences.cohort);
  const [touched, setTouched] = useState(false);
  const traineeMissing = trainee.trim() === '';
  const cohortMissing = cohort.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (traineeMissing || cohortMissing) return;
    onSignIn(trainee.trim(), cohort.trim());
  };

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <form className="panel sign-in-card" onSubmit={submit} noValidate>
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        <div className="field">
          <label htmlFor={traineeId}>{t('signIn.trainee')}</label>
          <input
            id={traineeId}
            name="trainee"
            autoComplete="off"
            value={trainee}
            maxLength={120}
            onChange={(event) => setTrainee(event.target.value)}
            aria-invalid={touched && traineeMissing}
            aria-describedby={`${traineeId}-hint`}
          />
          <span
            id={`${traineeId}-hint`}
            className={touched && traineeMissing ? 'hint error' : 'hint'}
          >
            {touched && traineeMissing ? t('signIn.traineeMissing') : t('signIn.traineeHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={cohortId}>{t('signIn.cohort')}</label>
          <input
            id={cohortId}
            name="cohort"
            autoComplete="off"
            value={cohort}
            maxLength={60}
            onChange={(event) => setCohort(event.target.value)}
            aria-invalid={touched && cohortMissing}
            aria-describedby={`${cohortId}-hint`}
          />
          <span
            id={`${cohortId}-hint`}
            className={touched && cohortMissing ? 'hint error' : 'hint'}
          >
            {touched && cohortMissing ? t('signIn.cohortMissing') : t('signIn.cohortHint')}
          </span>
        </div>
        <button type="submit" className="button primary">
          <LogIn aria-hidden="true" size={18} />
          {t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
