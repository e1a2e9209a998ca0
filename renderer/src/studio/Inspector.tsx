import { Check, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Inspection } from '../../../core/authoring/types';
import type { ConditionPart } from '../../../core/authoring/explain';
import { getApi } from '../api';
import { clock } from '../instructor/files';

/** How often the inspector reads the play-test again (its timers count down). */
const refreshMs = 500;

const shown = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

/** A condition and, under it, each part with its value: the false ones marked. */
function Condition({ part }: { part: ConditionPart }) {
  const { t } = useTranslation();
  return (
    <li className={part.holds ? 'holds' : 'fails'}>
      {part.holds ? <Check aria-hidden="true" size={14} /> : <X aria-hidden="true" size={14} />}
      <code dir="ltr">{part.text}</code>{' '}
      <span className="studio-value" dir="ltr">
        → {part.value}
      </span>
      <span className="visually-hidden">
        {part.holds ? t('studio.inspector.holds') : t('studio.inspector.fails')}
      </span>
      {part.parts.length > 0 && (
        <ul>
          {part.parts.map((inner, index) => (
            <Condition key={index} part={inner} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * What the author sees beside a play-test, as articy's simulation shows it: the active states,
 * the variables, the case facts and the law, the case file, the pending timers, and every
 * decision of the active states, offered or hidden, with its condition explained part by part.
 */
export function Inspector({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const [inspection, setInspection] = useState<Inspection | null>(null);

  useEffect(() => {
    let current = true;
    const read = () =>
      getApi()
        .studio.inspect(sessionId)
        .then((found) => current && setInspection(found))
        .catch(() => undefined);
    void read();
    const timer = setInterval(() => void read(), refreshMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [sessionId]);

  if (!inspection) return <aside className="panel studio-inspector" aria-busy="true" />;

  const table = (title: string, values: Record<string, unknown>, testId: string) => (
    <section>
      <h4>{title}</h4>
      {Object.keys(values).length === 0 ? (
        <p className="hint">{t('studio.inspector.none')}</p>
      ) : (
        <table className="data-table studio-values" data-testid={testId}>
          <tbody>
            {Object.entries(values).map(([name, value]) => (
              <tr key={name}>
                <th scope="row" dir="ltr">
                  {name}
                </th>
                <td dir="ltr">{shown(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );

  return (
    <aside
      className="panel studio-inspector"
      aria-label={t('studio.inspector.title')}
      data-testid="studio-inspector"
      // Focusable: a long inspection scrolls from the keyboard.
      tabIndex={0}
    >
      <h3>{t('studio.inspector.title')}</h3>
      <p>
        {t('studio.inspector.where', {
          states: inspection.active.join(' › '),
          time: clock(inspection.scenarioTimeMs),
        })}
      </p>
      <section>
        <h4>{t('studio.inspector.decisions')}</h4>
        {inspection.decisions.length === 0 ? (
          <p className="hint">{t('studio.inspector.none')}</p>
        ) : (
          <ul className="studio-decisions" data-testid="studio-inspector-decisions">
            {inspection.decisions.map((decision) => (
              <li key={`${decision.state}.${decision.id}`} data-decision={decision.id}>
                <strong dir="ltr">{decision.id}</strong>{' '}
                <span className={decision.offered ? 'studio-offered' : 'studio-hidden'}>
                  {decision.offered ? t('studio.inspector.offered') : t('studio.inspector.hidden')}
                </span>
                {decision.to && (
                  <span className="studio-path" dir="ltr">
                    {' '}
                    → {decision.to}
                  </span>
                )}
                {decision.condition && (
                  <ul className="studio-condition">
                    <Condition part={decision.condition} />
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {table(t('studio.inspector.variables'), inspection.variables, 'studio-inspector-variables')}
      {table(t('studio.inspector.facts'), inspection.facts, 'studio-inspector-facts')}
      {table(t('studio.inspector.law'), inspection.law, 'studio-inspector-law')}
      <section>
        <h4>{t('studio.inspector.timers')}</h4>
        {inspection.timers.length === 0 ? (
          <p className="hint">{t('studio.inspector.none')}</p>
        ) : (
          <ul>
            {inspection.timers.map((timer) => (
              <li key={timer.key} dir="ltr">
                {timer.state}.{timer.timer}: {clock(timer.inMs)}
                {!timer.visible && ` (${t('studio.inspector.hiddenTimer')})`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h4>{t('studio.inspector.caseFile')}</h4>
        <p dir="ltr">{inspection.evidence.join(', ') || t('studio.inspector.none')}</p>
      </section>
      {inspection.hotspots.length > 0 && (
        <section>
          <h4>{t('studio.inspector.hotspots')}</h4>
          <ul className="studio-decisions">
            {inspection.hotspots.map((hotspot) => (
              <li key={hotspot.id}>
                <strong dir="ltr">{hotspot.id}</strong>
                <ul className="studio-condition">
                  {hotspot.shown && (
                    <>
                      <li className="studio-condition-head">{t('studio.inspector.shownWhen')}</li>
                      <Condition part={hotspot.shown} />
                    </>
                  )}
                  {hotspot.locked && (
                    <>
                      <li className="studio-condition-head">{t('studio.inspector.lockedWhen')}</li>
                      <Condition part={hotspot.locked} />
                    </>
                  )}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
