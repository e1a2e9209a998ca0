import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate, migrations, schemaVersion } from './migrations';
import { openStore } from './store';
import { createLogAtVersion, dumpDatabase, temporaryFolder } from './testing';

let folder: ReturnType<typeof temporaryFolder>;

beforeEach(() => {
  folder = temporaryFolder();
});

afterEach(() => folder.remove());

describe('migrations', () => {
  it('are numbered 1..n in order', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(
      migrations.map((_, index) => index + 1),
    );
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(2);
  });

  it('bring a new file to the latest version', () => {
    const store = openStore(join(folder.path, 'new.sqlite'));
    expect(store.schemaVersion).toBe(latestSchemaVersion);
    store.close();
  });

  for (let version = 1; version < latestSchemaVersion; version += 1) {
    it(`bring a log at version ${version} to the latest, keeping its sessions`, () => {
      const file = join(folder.path, `v${version}.sqlite`);
      const { sessionId } = createLogAtVersion(file, version, 'old-station', 4);
      const raw = new Database(file, { readonly: true });
      expect(schemaVersion(raw)).toBe(version);
      raw.close();

      const store = openStore(file);
      expect(store.schemaVersion).toBe(latestSchemaVersion);
      expect(store.workstationId).toBe('old-station');
      expect(store.verifyAll()).toMatchObject({ ok: true, sessions: 1, events: 4 });
      expect(store.session(sessionId)).toMatchObject({ eventCount: 4, scoreTotal: 10 });
      // What version 2 added works on the migrated file.
      store.addNote({ sessionId, seq: 2, author: 'instructor', text: 'checked' });
      store.setSetting('k', 'v');
      expect(store.timeline(sessionId)[1]!.notes).toHaveLength(1);
      expect(store.getSetting('k')).toBe('v');
      expect(store.integrityCheck()).toEqual(['ok']);
      store.close();
    });
  }

  it('leave a database at the version before a step that fails', () => {
    const file = join(folder.path, 'failing.sqlite');
    const db = new Database(file);
    migrate(db);
    const before = dumpDatabase(file);
    const failing = [
      ...migrations,
      {
        version: latestSchemaVersion + 1,
        name: 'fails half way',
        sql: 'CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);',
      },
    ];
    expect(() => migrate(db, latestSchemaVersion + 1, failing)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    db.close();
    expect(dumpDatabase(file)).toBe(before);
  });
});
