import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreferencesFile } from './preferences';

describe('preferences', () => {
  it('starts from defaults and persists updates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefile-prefs-'));
    const file = new PreferencesFile(dir);
    expect(file.read()).toEqual({ locale: 'en', trainee: '', cohort: '' });
    file.update({ locale: 'ar', cohort: 'C-1' });
    expect(new PreferencesFile(dir).read()).toEqual({ locale: 'ar', trainee: '', cohort: 'C-1' });
    expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8'))).toMatchObject({
      locale: 'ar',
    });
  });

  it('survives a damaged file by falling back field by field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefile-prefs-'));
    writeFileSync(join(dir, 'preferences.json'), '{"locale":"xx","trainee":"T-3"}');
    expect(new PreferencesFile(dir).read()).toEqual({ locale: 'en', trainee: 'T-3', cohort: '' });
    writeFileSync(join(dir, 'preferences.json'), '{not json');
    expect(new PreferencesFile(dir).read()).toEqual({ locale: 'en', trainee: '', cohort: '' });
  });
});
