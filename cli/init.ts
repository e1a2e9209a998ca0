/**
 * `casefile init <folder>`: a new pack that already validates and analyses cleanly — one scene
 * with a hotspot, a decision, an outcome, every text in a string table — with the `$schema` line
 * that lets an editor complete and check the file as the author types.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { packIdOf as packIdOfName, packTemplate } from '../core/authoring/template';
import { publishedJsonSchema } from '../core/scenario/schema';
import type { Output } from './output';

/** The pack's id from its folder's name: a letter, then letters, digits, `_` or `-`. */
export function packIdOf(folder: string): string {
  return packIdOfName(basename(resolve(folder)));
}

/** Creates the pack; returns the exit code. Refuses a folder that exists and is not empty. */
export function init(folder: string, output: Output): number {
  const target = resolve(folder);
  if (existsSync(target) && readdirSync(target).length > 0) {
    output.error(`${folder} already exists and is not empty: choose a new folder`);
    return 1;
  }
  mkdirSync(join(target, 'assets'), { recursive: true });
  // A schema shared by the packs next to this one is referred to; otherwise the pack gets its own.
  const shared = join(dirname(target), 'casefile.schema.json');
  let schema: string;
  if (existsSync(shared)) {
    schema = relative(target, shared).split(sep).join('/');
  } else {
    writeFileSync(
      join(target, 'casefile.schema.json'),
      `${JSON.stringify(publishedJsonSchema(), null, 2)}\n`,
    );
    schema = './casefile.schema.json';
  }
  for (const [path, text] of Object.entries(packTemplate(packIdOf(folder), schema)))
    writeFileSync(join(target, path), text);
  output.out(
    `created ${join(folder, 'scenario.yaml')} and ${join(folder, 'assets', 'office.svg')}`,
  );
  output.out(`next: edit the scenario, then run  casefile validate ${folder}`);
  return 0;
}
