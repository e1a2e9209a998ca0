/**
 * The app's own fonts (Inter, Noto Sans Arabic, as the screens use them) read once for the
 * printed reports, which embed them so a report looks the same on every machine that opens it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportFont } from '../core/debrief/report';

/** The fonts, as paths under a folder laid out like node_modules (electron-builder.yml copies them). */
export const reportFontFiles: {
  family: ReportFont['family'];
  weight: ReportFont['weight'];
  file: string;
}[] = [
  { family: 'Inter', weight: 400, file: '@fontsource/inter/files/inter-latin-400-normal.woff2' },
  { family: 'Inter', weight: 600, file: '@fontsource/inter/files/inter-latin-600-normal.woff2' },
  { family: 'Inter', weight: 700, file: '@fontsource/inter/files/inter-latin-700-normal.woff2' },
  {
    family: 'Noto Sans Arabic',
    weight: 400,
    file: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2',
  },
  {
    family: 'Noto Sans Arabic',
    weight: 600,
    file: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-600-normal.woff2',
  },
];

/**
 * The report fonts found under `modules` (node_modules, or the packaged app's fonts folder), read on first use; a font
 * that is missing is left out (the report then falls back to the system's fonts for it).
 */
export function reportFontsFrom(modules: string): () => ReportFont[] {
  let fonts: ReportFont[] | undefined;
  return () =>
    (fonts ??= reportFontFiles.flatMap(({ family, weight, file }) => {
      const path = join(modules, file);
      return existsSync(path)
        ? [{ family, weight, base64: readFileSync(path).toString('base64') }]
        : [];
    }));
}
