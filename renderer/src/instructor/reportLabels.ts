import type { TFunction } from 'i18next';
import { eventMessageOf, reportLabelKeys, type ReportLabels } from '../../../core/debrief/report';

/** Every placeholder an event message may use, kept as a placeholder for the report to fill. */
const placeholders = Object.fromEntries(
  [
    'variant',
    'variable',
    'value',
    'outcome',
    'what',
    'who',
    'fields',
    'text',
    'reason',
    'page',
    'pages',
    'part',
    'parts',
  ].map((name) => [name, `{{${name}}}`]),
);

/**
 * The printed report's labels, from the catalogue of the language the instructor reads. Event
 * descriptions are the timeline's own messages (`instructor.event.*`), as templates.
 */
export function reportLabels(t: TFunction): ReportLabels {
  return Object.fromEntries(
    reportLabelKeys.map((key) => {
      const message = eventMessageOf(key);
      return [
        key,
        message ? t(`instructor.event.${message}`, placeholders) : t(`report.${key}`, placeholders),
      ];
    }),
  ) as ReportLabels;
}
