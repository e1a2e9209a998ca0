// Bundles the command line (cli/entry.ts and what it imports from core/ and node/) into one
// JavaScript file, out/cli/casefile.mjs, so it starts without a TypeScript loader. Run by
// `npm run build`, and by bin/casefile.mjs whenever the bundle is missing or older than its sources.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundle is written: its entry, and the chunks each command loads when it runs. */
export const cliFolder = join(root, 'out', 'cli');
export const cliBundle = join(cliFolder, 'casefile.mjs');

/** The folders and files whose change makes the bundle stale. */
export const cliSources = ['cli', 'core', 'node', 'package-lock.json', 'scripts/buildCli.mjs'];

/** Builds the bundle; written by a rename, so a concurrent run never reads half a file. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const result = await build({
    entryPoints: { casefile: join(root, 'cli', 'entry.ts') },
    outdir: cliFolder,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    write: false,
    define: { casefileVersion: JSON.stringify(version) },
    // Bundled CommonJS dependencies may require Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // Chunks first, each by a rename (their names carry a content hash); the entry last, so the
  // entry never refers to a chunk that is not there yet.
  const entry = result.outputFiles.find((file) => file.path === cliBundle);
  for (const file of [...result.outputFiles.filter((output) => output !== entry), entry]) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  const current = new Set(result.outputFiles.map((file) => file.path));
  const chunks = join(cliFolder, 'chunks');
  for (const name of readdirSync(chunks)) {
    if (!current.has(join(chunks, name))) rmSync(join(chunks, name), { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildCli();
