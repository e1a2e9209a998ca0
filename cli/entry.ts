/**
 * The bundled command line's entry: runs {@link main} on the process's arguments, with the
 * commands' modules from out/cli/commands.cjs compiled through V8's code cache (each command keeps
 * its own cache, since each compiles different code). Output piped into a reader that stops early
 * (`casefile analyze … | head`) ends the process quietly instead of crashing on the closed pipe.
 */
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache, type CachedBundle } from './codeCache';
import type { CommandModules } from './main';
import { main } from './main';

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

let bundle: CachedBundle | undefined;
/** The bundle's modules, loaded with the cache of the command that asked first. */
function load(command: keyof CommandModules): CommandModules {
  bundle ??= requireWithCodeCache(
    fileURLToPath(new URL('commands.cjs', import.meta.url)),
    fileURLToPath(new URL('cache', import.meta.url)),
    command,
  );
  return (bundle.exports as { commandModules: CommandModules }).commandModules;
}
const modules: CommandModules = {
  check: () => load('check').check(),
  init: () => load('init').init(),
  strings: () => load('strings').strings(),
};

process.exitCode = await main(process.argv.slice(2), modules);
bundle?.saveCache();
