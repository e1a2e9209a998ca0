import type { TFunction } from 'i18next';
import { reportLabelKeys, type ReportLabels } from '../../../core/debrief/report';

/** The printed report's labels, from the catalogue of the language the instructor reads. */
export function reportLabels(t: TFunction): ReportLabels {
  return Object.fromEntries(
    reportLabelKeys.map((key) => [key, t(`report.${key}`)]),
  ) as ReportLabels;
}
