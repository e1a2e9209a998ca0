// Bundles the command line into plain JavaScript, so it starts without a TypeScript loader. Run
// by `npm run build`, and by bin/casefile.mjs whenever the bundle is missing or older than its
// sources. Two files in out/cli/: casefile.mjs, the entry (arguments and help, nothing heavy), and
// commands.cjs, every command's code (cli/commands.ts and what it imports from core/ and node/),
// CommonJS so that the entry can compile it with V8's code cache (cli/codeCache.ts), each module
// still evaluated only when its command runs.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundle is written: its entry, and the commands it loads when they run. */
export const cliFolder = join(root, 'out', 'cli');
export const cliBundle = join(cliFolder, 'casefile.mjs');
export const cliCommands = join(cliFolder, 'commands.cjs');

/** The folders and files whose change makes the bundle stale. */
export const cliSources = ['cli', 'core', 'node', 'package-lock.json', 'scripts/buildCli.mjs'];

/** Builds the bundle; written by a rename, so a concurrent run never reads half a file. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  };
  const [entry, commands] = await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'cli', 'entry.ts')],
      outfile: cliBundle,
      format: 'esm',
      define: { casefileVersion: JSON.stringify(version) },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'cli', 'commands.ts')],
      outfile: cliCommands,
      format: 'cjs',
    }),
  ]);
  // The commands first, the entry last, so the entry never runs with the commands of an older
  // build; a code cache of an older build would be refused by V8, but is removed all the same.
  mkdirSync(cliFolder, { recursive: true });
  rmSync(join(cliFolder, 'chunks'), { recursive: true, force: true });
  rmSync(join(cliFolder, 'cache'), { recursive: true, force: true });
  for (const file of [...commands.outputFiles, ...entry.outputFiles]) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildCli();
