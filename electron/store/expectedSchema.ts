/**
 * The exact schema a log of each version has: what the migrations create, read back from an empty
 * database. An imported file must match it object for object (no view, trigger, table or index
 * more or less, none with other SQL), because SQLite runs a file's views and triggers as part of
 * reading and writing it.
 */
import Database from 'better-sqlite3';
import type { Database as Connection } from 'better-sqlite3';
import { migrate } from './migrations';

/** One object of `sqlite_schema`, without its root page. */
export interface SchemaObject {
  type: string;
  name: string;
  table: string;
  sql: string | null;
}

/** The objects of a database's schema, in a stable order. Reads only `sqlite_schema`. */
export function schemaObjects(db: Connection): SchemaObject[] {
  return db
    .prepare<[], SchemaObject>(
      'SELECT type, name, tbl_name AS "table", sql FROM sqlite_schema ORDER BY type, name',
    )
    .all();
}

const cache = new Map<number, SchemaObject[]>();

/** The schema the migrations create at `version`. */
export function expectedSchema(version: number, nativeBinding?: string): SchemaObject[] {
  const known = cache.get(version);
  if (known) return known;
  const db = new Database(':memory:', nativeBinding === undefined ? {} : { nativeBinding });
  try {
    migrate(db, version);
    const objects = schemaObjects(db);
    cache.set(version, objects);
    return objects;
  } finally {
    db.close();
  }
}

/**
 * The first difference between a database's schema and the expected one, as a sentence naming
 * the object, or undefined when they are the same.
 */
export function schemaDifference(
  actual: readonly SchemaObject[],
  expected: readonly SchemaObject[],
): string | undefined {
  const key = (object: SchemaObject): string => `${object.type} ${object.name}`;
  const wanted = new Map(expected.map((object) => [key(object), object]));
  for (const object of actual) {
    const match = wanted.get(key(object));
    if (!match) return `it has a ${object.type} "${object.name}" that a Casefile log never has`;
    if (match.sql !== object.sql || match.table !== object.table) {
      return `its ${object.type} "${object.name}" is not defined as in a Casefile log`;
    }
    wanted.delete(key(object));
  }
  const missing = [...wanted.values()][0];
  return missing ? `its ${missing.type} "${missing.name}" is missing` : undefined;
}
