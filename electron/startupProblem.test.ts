import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellText } from './shellText';
import { describeStartupProblem, moveLogAside, startupMessage } from './startupProblem';
import { openStore, StoreError } from './store';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'casefile-startup-problem-'));
}

describe('what went wrong at start-up', () => {
  it('classifies the store’s own refusals as fixable by a fresh log', () => {
    for (const code of ['foreign', 'newer-schema', 'corrupt'] as const) {
      expect(describeStartupProblem(new StoreError(code, 'x'))).toMatchObject({
        kind: code,
        canStartFresh: true,
      });
    }
  });

  it('classifies a real damaged file, a missing module and an unwritable folder', () => {
    const data = folder();
    writeFileSync(join(data, 'casefile.sqlite'), 'this is not a database, just text '.repeat(200));
    let thrown: unknown;
    try {
      openStore(join(data, 'casefile.sqlite'));
    } catch (error) {
      thrown = error;
    }
    expect(describeStartupProblem(thrown)).toMatchObject({ kind: 'corrupt', canStartFresh: true });

    try {
      openStore(join(data, 'casefile.sqlite'), {
        nativeBinding: join(data, 'better_sqlite3.node'),
      });
    } catch (error) {
      thrown = error;
    }
    expect(describeStartupProblem(thrown)).toMatchObject({
      kind: 'native-module',
      canStartFresh: false,
    });

    try {
      openStore(join(data, 'no', 'such', 'folder', 'casefile.sqlite'));
    } catch (error) {
      thrown = error;
    }
    expect(describeStartupProblem(thrown)).toMatchObject({
      kind: 'unreachable',
      canStartFresh: false,
    });
    expect(describeStartupProblem(new Error('boom'))).toEqual({
      kind: 'other',
      canStartFresh: false,
      reason: 'boom',
    });
  });

  it('words the dialog with the file, the advice and the technical reason', () => {
    const problem = describeStartupProblem(
      new StoreError('newer-schema', '/d/casefile.sqlite has schema 9'),
    );
    const { message, detail } = startupMessage(problem, '/d/casefile.sqlite', shellText('fr'));
    expect(message).toBe(
      'Le journal /d/casefile.sqlite a été écrit par une version plus récente de Casefile.',
    );
    expect(detail).toContain('jamais supprimé');
    expect(detail).toContain('Détail technique : /d/casefile.sqlite has schema 9');
  });
});

describe('moving a log aside', () => {
  it('moves the log with its -wal and -shm, byte for byte, and never overwrites', () => {
    const data = folder();
    const log = join(data, 'casefile.sqlite');
    writeFileSync(log, 'log');
    writeFileSync(`${log}-wal`, 'wal');
    writeFileSync(`${log}-shm`, 'shm');
    const now = new Date(2026, 2, 4, 9, 5, 7);
    const first = moveLogAside(log, now);
    expect(first).toBe(join(data, 'casefile.sqlite.unreadable-20260304-090507'));
    expect(readFileSync(first, 'utf8')).toBe('log');
    expect(readFileSync(`${first}-wal`, 'utf8')).toBe('wal');
    expect(readFileSync(`${first}-shm`, 'utf8')).toBe('shm');
    expect(existsSync(log) || existsSync(`${log}-wal`) || existsSync(`${log}-shm`)).toBe(false);

    writeFileSync(log, 'second');
    const second = moveLogAside(log, now);
    expect(second).toBe(`${first}-2`);
    expect(readFileSync(first, 'utf8')).toBe('log');
    expect(readFileSync(second, 'utf8')).toBe('second');
    expect(readdirSync(data).sort()).toEqual(
      [first, `${first}-wal`, `${first}-shm`, second]
        .map((path) => path.slice(data.length + 1))
        .sort(),
    );
  });

  it('puts everything back when a companion cannot be moved', () => {
    const data = folder();
    const log = join(data, 'casefile.sqlite');
    writeFileSync(log, 'log');
    writeFileSync(`${log}-wal`, 'wal');
    const failing = (from: string, to: string) => {
      if (from.endsWith('-wal')) throw new Error('EBUSY: the file is in use');
      renameSync(from, to);
    };
    expect(() => moveLogAside(log, new Date(), failing)).toThrow('EBUSY');
    expect(readdirSync(data).sort()).toEqual(['casefile.sqlite', 'casefile.sqlite-wal']);
    expect(readFileSync(log, 'utf8')).toBe('log');
    expect(readFileSync(`${log}-wal`, 'utf8')).toBe('wal');
  });
});
