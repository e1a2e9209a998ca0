/**
 * The bundled command line's entry: runs {@link main} on the process's arguments. Output piped
 * into a reader that stops early (`casefile analyze … | head`) ends the process quietly instead of
 * crashing on the closed pipe.
 */
import { main } from './main';

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
