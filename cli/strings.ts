/**
 * `casefile strings export|import`: a pack's texts to and from the files translators work in —
 * XLIFF 2.0 (what translation tools read) or CSV (what a spreadsheet reads) — so a pack can be
 * translated outside its YAML. Import writes into the scenario file through the YAML document
 * model (comments and layout kept), refuses what would break the pack (unknown keys, placeholders
 * the source does not have), and validates the result.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Options as CsvOptions } from 'csv-parse';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import js2xliff from 'xliff/js2xliff';
import xliff2js from 'xliff/xliff2js';
import { formatDiagnostic } from '../core/scenario/diagnostics';
import type { LoadedScenario } from '../core/scenario/loader';
import { collectStringKeys, loadScenario } from '../core/scenario/loader';
import { createNodePackReader } from '../node/packReader';
import { loadPath } from './check';
import type { Output } from './output';
import { count } from './output';
import { setTranslations } from '../core/authoring/yamlEdit';

/** The translator's file formats. */
export type StringsFormat = 'xliff' | 'csv';

/** One text to translate: its key, the source text, the current translation, where it is used. */
export interface TranslationUnit {
  key: string;
  source: string;
  target: string;
  note: string;
}

const placeholderPattern = /\{([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_-]*)?)\}/g;

function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(placeholderPattern)].map((match) => match[1]!));
}

/** The format a file name implies (`.csv` → CSV, otherwise XLIFF). */
export function formatOf(file: string | undefined, asked: string | undefined): StringsFormat {
  if (asked === 'csv' || asked === 'xliff') return asked;
  return file !== undefined && extname(file).toLowerCase() === '.csv' ? 'csv' : 'xliff';
}

/** Every text of the source locale, in file order, with the target locale's current text. */
export function translationUnits(loaded: LoadedScenario, locale: string): TranslationUnit[] {
  const scenario = loaded.scenario;
  const source = scenario.strings[scenario.defaultLocale] ?? {};
  const target = scenario.strings[locale] ?? {};
  const uses = new Map<string, string>();
  for (const { key, path } of collectStringKeys(scenario)) if (!uses.has(key)) uses.set(key, path);
  return Object.entries(source).map(([key, text]) => ({
    key,
    source: text,
    target: target[key] ?? '',
    note: uses.get(key) ?? 'not used by the scenario',
  }));
}

/** The units as an XLIFF 2.0 document (one `file` per pack, one `unit` per text). */
export async function toXliff(
  units: readonly TranslationUnit[],
  pack: string,
  sourceLanguage: string,
  targetLanguage: string,
): Promise<string> {
  const resources: Record<string, { source: string; target: string; note: string }> = {};
  for (const unit of units)
    resources[unit.key] = { source: unit.source, target: unit.target, note: unit.note };
  return js2xliff({ sourceLanguage, targetLanguage, resources: { [pack]: resources } });
}

/** The units as CSV: `key`, the source locale, the target locale, `context`. */
export function toCsv(
  units: readonly TranslationUnit[],
  sourceLanguage: string,
  targetLanguage: string,
): string {
  return stringifyCsv([
    ['key', sourceLanguage, targetLanguage, 'context'],
    ...units.map((unit) => [unit.key, unit.source, unit.target, unit.note]),
  ]);
}

/** What a translator's file says: its languages and its translations by key. */
export interface TranslatedFile {
  sourceLanguage: string | null;
  targetLanguage: string | null;
  targets: Map<string, string>;
}

/** Reads an XLIFF 2.0 (or 1.2) file. */
export async function fromXliff(text: string): Promise<TranslatedFile> {
  const document = await xliff2js(text);
  const targets = new Map<string, string>();
  for (const resources of Object.values(document.resources ?? {})) {
    for (const [key, unit] of Object.entries(resources)) {
      const target = (unit as { target?: unknown }).target;
      if (typeof target === 'string') targets.set(key, target);
    }
  }
  return {
    sourceLanguage: document.sourceLanguage ?? null,
    targetLanguage: document.targetLanguage ?? null,
    targets,
  };
}

/** Reads a CSV file written by {@link toCsv} (or a spreadsheet that kept its columns). */
export function fromCsv(text: string): TranslatedFile {
  const options: CsvOptions = { bom: true, relax_column_count: true, skip_empty_lines: true };
  const rows = parseCsv(text, options);
  const [header, ...body] = rows;
  if (!header || header[0]?.trim().toLowerCase() !== 'key' || header.length < 3)
    throw new Error('the first row must name the columns: key, source locale, target locale');
  const targets = new Map<string, string>();
  for (const row of body) if (row[0]) targets.set(row[0].trim(), row[2] ?? '');
  return {
    sourceLanguage: header[1]?.trim() || null,
    targetLanguage: header[2]?.trim() || null,
    targets,
  };
}

/** Options of {@link exportStrings}. */
export interface ExportOptions {
  locale: string | undefined;
  format: string | undefined;
  out: string | undefined;
}

/** `casefile strings export <pack>`; returns the exit code. */
export async function exportStrings(
  path: string,
  options: ExportOptions,
  output: Output,
): Promise<number> {
  const { result } = await loadPath(path);
  const loaded = result.scenario;
  if (!loaded) {
    output.error(`${path} does not load: run  casefile validate ${path}  first`);
    return 1;
  }
  const scenario = loaded.scenario;
  const others = scenario.locales.filter((locale) => locale !== scenario.defaultLocale);
  const locale = options.locale ?? (others.length === 1 ? others[0] : undefined);
  if (locale === undefined) {
    output.error(
      `say which language to translate into: --locale ${others.join('|') || '<tag>'} (texts are exported from ${scenario.defaultLocale})`,
    );
    return 2;
  }
  const units = translationUnits(loaded, locale);
  const format = formatOf(options.out, options.format);
  const text =
    format === 'csv'
      ? toCsv(units, scenario.defaultLocale, locale)
      : await toXliff(units, scenario.meta.id, scenario.defaultLocale, locale);
  if (options.out === undefined) {
    output.out(text.trimEnd());
  } else {
    writeFileSync(options.out, text.endsWith('\n') ? text : `${text}\n`);
    const missing = units.filter((unit) => unit.target === '').length;
    output.out(
      `${options.out}: ${count(units.length, 'text')} from ${scenario.defaultLocale} to ${locale} (${missing} not translated yet)`,
    );
  }
  return 0;
}

/** Writes a file by a rename, so a crash leaves the old file or the new one, never half of one. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** `casefile strings import <pack> <file>`; returns the exit code. */
export async function importStrings(
  path: string,
  file: string,
  options: { locale: string | undefined; format: string | undefined },
  output: Output,
): Promise<number> {
  const { root, result } = await loadPath(path);
  const loaded = result.scenario;
  if (!loaded) {
    output.error(`${path} does not load: run  casefile validate ${path}  first`);
    return 1;
  }
  const scenario = loaded.scenario;
  let translated: TranslatedFile;
  try {
    const text = readFileSync(file, 'utf8');
    translated = formatOf(file, options.format) === 'csv' ? fromCsv(text) : await fromXliff(text);
  } catch (error) {
    output.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const locale = options.locale ?? translated.targetLanguage;
  if (!locale) {
    output.error(`${file} does not say its target language: add --locale <tag>`);
    return 2;
  }
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale)) {
    output.error(`"${locale}" is not a language tag like fr or pt-BR`);
    return 2;
  }
  if (locale === scenario.defaultLocale) {
    output.error(`${locale} is the pack's source language: translations go into another one`);
    return 2;
  }
  if (translated.sourceLanguage && translated.sourceLanguage !== scenario.defaultLocale) {
    output.error(
      `warning: ${file} was translated from ${translated.sourceLanguage}, the pack's texts are in ${scenario.defaultLocale}`,
    );
  }
  const source = scenario.strings[scenario.defaultLocale] ?? {};
  const current = scenario.strings[locale] ?? {};
  const accepted = new Map<string, string>();
  let untranslated = 0;
  let refused = 0;
  for (const [key, target] of translated.targets) {
    if (!Object.hasOwn(source, key)) {
      output.error(`${file}: "${key}" is not a text of the pack: skipped`);
      refused += 1;
      continue;
    }
    if (target.trim() === '') {
      untranslated += 1;
      continue;
    }
    const expected = placeholders(source[key]!);
    const extra = [...placeholders(target)].filter((name) => !expected.has(name));
    if (extra.length > 0) {
      output.error(
        `${file}: "${key}" has ${extra.map((name) => `{${name}}`).join(', ')}, which the ${scenario.defaultLocale} text does not: skipped`,
      );
      refused += 1;
      continue;
    }
    const lost = [...expected].filter((name) => !placeholders(target).has(name));
    if (lost.length > 0)
      output.error(
        `warning: ${file}: "${key}" leaves out ${lost.map((name) => `{${name}}`).join(', ')}`,
      );
    if (current[key] !== target) accepted.set(key, target);
  }

  const scenarioPath = join(root, loaded.file);
  const original = readFileSync(scenarioPath, 'utf8');
  let updated: string;
  if (loaded.file.endsWith('.json')) {
    const data = JSON.parse(original) as {
      locales: string[];
      strings: Record<string, Record<string, string>>;
    };
    if (!data.locales.includes(locale)) data.locales.push(locale);
    data.strings[locale] = { ...(data.strings[locale] ?? {}), ...Object.fromEntries(accepted) };
    updated = `${JSON.stringify(data, null, 2)}\n`;
  } else {
    try {
      updated = setTranslations(original, locale, accepted);
    } catch (error) {
      output.error(`${scenarioPath}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  // The pack is checked with the new text before anything is written: nothing is lost on refusal.
  const reader = createNodePackReader(root);
  const check = await loadScenario(
    {
      ...reader,
      stat: async (name) =>
        name === loaded.file
          ? { kind: 'file', size: updated.length, insidePack: true }
          : reader.stat(name),
      readText: async (name) => (name === loaded.file ? updated : reader.readText(name)),
    },
    { file: loaded.file },
  );
  const errors = check.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    for (const diagnostic of errors) output.error(formatDiagnostic(diagnostic));
    output.error(`nothing written: the pack would no longer validate`);
    return 1;
  }
  if (accepted.size > 0) writeAtomically(scenarioPath, updated);
  output.out(
    `${locale}: ${count(accepted.size, 'text')} written to ${scenarioPath}` +
      `${untranslated > 0 ? `, ${untranslated} left untranslated` : ''}` +
      `${refused > 0 ? `, ${refused} refused` : ''}` +
      `${scenario.locales.includes(locale) ? '' : ` (${locale} added to locales)`}`,
  );
  return refused > 0 ? 1 : 0;
}
