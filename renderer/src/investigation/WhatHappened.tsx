import {
  AlarmClockOff,
  Database,
  FilePlus2,
  Gavel,
  Hourglass,
  Info,
  MessageSquareText,
  Navigation,
  NotebookPen,
  Search,
  Sparkles,
  Target,
  Trophy,
} from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatList } from '../i18n';
import type { Moment, MomentLine } from './moments';
import { formatDuration } from './useScenarioClock';

interface Props {
  moment: Moment | null;
  locale: string;
  /** Said before anything has happened, in place of "nothing yet". */
  hint?: string | null;
}

/**
 * The latest moment of the investigation: what the trainee just did and what it caused, beside
 * the picture. It is replaced by the next one, so it never speaks of another scene's action;
 * the case file keeps what was found and told.
 */
export function WhatHappened({ moment, locale, hint = null }: Props) {
  const { t } = useTranslation();
  const action = moment?.lines[0];
  const line = (item: MomentLine): { icon: ReactNode; text: ReactNode; className?: string } => {
    const icon = (Icon: typeof Search) => <Icon aria-hidden="true" size={16} />;
    switch (item.kind) {
      case 'examined':
        return { icon: icon(Search), text: t('moment.examined', { what: item.what }) };
      case 'asked':
        return {
          icon: icon(MessageSquareText),
          text: t('moment.asked', { who: item.who, what: item.what }),
        };
      case 'searched':
        return { icon: icon(Database), text: t('moment.searched', { what: item.what }) };
      case 'decided':
        return { icon: icon(Gavel), text: t('moment.decided', { what: item.what }) };
      case 'moved':
        return { icon: icon(Navigation), text: t('moment.moved', { what: item.what }) };
      case 'arrived':
        return { icon: icon(Navigation), text: t('moment.arrived', { what: item.what }) };
      case 'noted':
        return { icon: icon(NotebookPen), text: t('moment.noted') };
      case 'waited':
        return { icon: icon(Hourglass), text: t('moment.waited', { what: item.what }) };
      case 'timePassed':
        return { icon: icon(Sparkles), text: t('moment.timePassed') };
      case 'observation':
        return { icon: null, text: item.text, className: 'narration' };
      case 'answer':
        return {
          icon: null,
          text: t('moment.answer', { who: item.who, text: item.text }),
          className: 'narration',
        };
      case 'result':
        return {
          icon: null,
          text: `${item.matched ? t('investigation.hit') : t('investigation.noHit')}: ${item.text}`,
          className: `narration ${item.matched ? 'hit' : 'none'}`,
        };
      case 'evidence':
        return {
          icon: icon(FilePlus2),
          text: t('investigation.evidenceAdded', { items: formatList(locale, item.items) }),
          className: 'found',
        };
      case 'message':
        return item.fromInstructor
          ? {
              icon: icon(MessageSquareText),
              text: t('live.trainee.message', { text: item.text }),
              className: 'message from-instructor',
            }
          : { icon: icon(MessageSquareText), text: item.text, className: 'message' };
      case 'deadlineEnded':
        return {
          icon: icon(AlarmClockOff),
          // A wait that ends is no deadline missed: it says so in other words.
          text: t(
            item.wait
              ? item.expired
                ? 'moment.waitOver'
                : 'moment.waitEnded'
              : item.expired
                ? 'moment.deadlineExpired'
                : 'moment.deadlineEnded',
            { label: item.label },
          ),
        };
      case 'points':
        return {
          icon: icon(Trophy),
          text: t('moment.points', {
            count: Math.abs(item.amount),
            points: `\u2066${item.amount > 0 ? '+' : '−'}${Math.abs(item.amount)}\u2069`,
          }),
        };
      case 'objectives':
        return {
          icon: icon(Target),
          text: t('moment.objectives', { items: formatList(locale, item.items) }),
        };
      case 'recorded':
        return {
          icon: null,
          text: action?.kind === 'decided' ? t('moment.decisionRecorded') : t('moment.nothingNew'),
          className: 'muted',
        };
    }
  };
  return (
    <section
      className="moment"
      aria-labelledby="moment-title"
      data-testid="moment"
      data-scene={moment?.scene}
    >
      <h2 id="moment-title" className="moment-title">
        {t('moment.title')}
        {moment && <span className="muted"> · {formatDuration(moment.scenarioTimeMs)}</span>}
      </h2>
      <div aria-live="polite" aria-atomic="true">
        {moment ? (
          <ul key={moment.id} className="moment-lines">
            {moment.lines.map((item, index) => {
              const { icon, text, className } = line(item);
              return (
                <li key={index} className={className} data-line={item.kind}>
                  {icon}
                  <span>{text}</span>
                </li>
              );
            })}
          </ul>
        ) : hint ? (
          <p className="scene-hint" data-testid="scene-hint">
            <Info aria-hidden="true" size={18} />
            <span>{hint}</span>
          </p>
        ) : (
          <p className="muted">{t('moment.none')}</p>
        )}
      </div>
    </section>
  );
}
