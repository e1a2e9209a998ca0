/**
 * A pack's folder read as the studio loaded it: every file from the folder, but the scenario file
 * from the text the studio read, so a worker (or the studio itself) checks the very revision the
 * author sees even when a save lands meanwhile.
 */
import type { PackReader } from '../../core/scenario/diagnostics';
import { createNodePackReader } from '../../node/packReader';

/** The pack's folder, its scenario file and the text read from it. */
export interface PackText {
  /** The pack's folder (its pictures are checked as the loader checks them). */
  root: string;
  /** The scenario file's name in the folder, and the text the studio read from it. */
  file: string;
  source: string;
}

/** The folder's reader, but the scenario file as read. */
export function packTextReader(pack: PackText): PackReader {
  const folder = createNodePackReader(pack.root);
  return {
    ...folder,
    readText: (path) => (path === pack.file ? Promise.resolve(pack.source) : folder.readText(path)),
  };
}
