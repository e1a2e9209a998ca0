import type { TFunction } from 'i18next';
import type { EventWords } from '../../../core/debrief/events';
import { reportLabelKeys, type ReportLabels } from '../../../core/debrief/report';

/** Every placeholder an event message may use, kept as a placeholder for the report to fill. */
const placeholders = Object.fromEntries(
  ['variant', 'variable', 'value', 'outcome', 'what', 'who', 'fields', 'text', 'reason'].map(
    (name) => [name, `{{${name}}}`],
  ),
);

/**
 * The printed report's labels, from the catalogue of the language the instructor reads. Event
 * descriptions are the timeline's own messages (`instructor.event.*`), as templates.
 */
export function reportLabels(t: TFunction): ReportLabels {
  return Object.fromEntries(
    reportLabelKeys.map((key) => {
      if (!/^event[A-Z]/.test(key)) return [key, t(`report.${key}`)];
      const message = (key.charAt(5).toLowerCase() + key.slice(6)) as EventWords['message'];
      return [key, t(`instructor.event.${message}`, placeholders)];
    }),
  ) as ReportLabels;
}
