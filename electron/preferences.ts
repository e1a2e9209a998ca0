/**
 * Per-workstation preferences in a small JSON file in the data folder. Written atomically (temp
 * file, then rename) so a crash mid-write leaves the previous file intact; a damaged file falls
 * back to defaults instead of blocking the app.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { uiLocales } from '../core/api/contract';
import type { Preferences } from '../core/api/contract';

const defaults: Preferences = { locale: 'en', trainee: '', cohort: '' };

const storedSchema = z.object({
  locale: z.enum(uiLocales).catch(defaults.locale),
  trainee: z.string().max(120).catch(''),
  cohort: z.string().max(60).catch(''),
});

export class PreferencesFile {
  readonly path: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, 'preferences.json');
  }

  read(): Preferences {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      return { ...defaults };
    }
    const parsed = storedSchema.safeParse(raw);
    return parsed.success ? parsed.data : { ...defaults };
  }

  update(patch: Partial<Preferences>): Preferences {
    const next = { ...this.read(), ...patch };
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(next, null, 2) + '\n', 'utf8');
    renameSync(temporary, this.path);
    return next;
  }
}
