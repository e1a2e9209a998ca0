/**
 * Finds the scenario packs in a folder and summarises them for the library screen.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { PackDetail, PackSummary } from '../core/api/contract';
import { ApiError } from '../core/api/envelope';

const scenarioFileNames = ['scenario.yaml', 'scenario.yml', 'scenario.json'];

/** The scenario file of a pack folder, or null when the folder holds none. */
export function findScenarioFile(packDir: string): string | null {
  for (const name of scenarioFileNames) {
    const candidate = join(packDir, name);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Pack folders under `scenariosDir`, sorted; folders starting with `.` or `_` are not listed. */
export function listPackFolders(scenariosDir: string): string[] {
  if (!existsSync(scenariosDir)) return [];
  return readdirSync(scenariosDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !/^[._]/.test(entry.name))
    .filter((entry) => findScenarioFile(join(scenariosDir, entry.name)) !== null)
    .map((entry) => entry.name)
    .sort();
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Summarises every pack in `scenariosDir` with its text in `locale` where the pack has it. */
export function listPacks(scenariosDir: string, locale: string): PackSummary[] {
  return listPackFolders(scenariosDir).map((folder) => {
    const file = findScenarioFile(join(scenariosDir, folder))!;
    let document: Record<string, unknown> = {};
    const errors: PackSummary['errors'] = [];
    try {
      const parsed: unknown = parse(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
      if (parsed && typeof parsed === 'object') document = parsed as Record<string, unknown>;
    } catch (error) {
      errors.push({ file, line: 1, column: 1, message: String(error) });
    }
    const meta = (document.meta ?? {}) as Record<string, unknown>;
    const strings = (document.strings ?? {}) as Record<string, Record<string, string>>;
    const table = strings[locale] ?? strings[text(meta.defaultLocale)] ?? {};
    const localise = (key: unknown) => table[text(key)] ?? text(key);
    return {
      folder,
      id: text(meta.id) || folder,
      version: text(meta.version),
      title: localise(meta.title) || folder,
      summary: localise(meta.summary),
      durationMinutes: typeof meta.durationMinutes === 'number' ? meta.durationMinutes : null,
      difficulty: text(meta.difficulty) || null,
      topics: Array.isArray(meta.topics) ? meta.topics.map(text) : [],
      locales: Object.keys(strings),
      objectives: [],
      competencies: [],
      errors,
    };
  });
}

/** The briefing of one pack, or a not-found error naming the folder. */
export function packDetail(scenariosDir: string, folder: string, locale: string): PackDetail {
  const summary = listPacks(scenariosDir, locale).find((pack) => pack.folder === folder);
  if (!summary) throw new ApiError('not-found', `No scenario pack in folder "${folder}"`);
  return { ...summary, role: '', situation: summary.summary, variants: [] };
}
