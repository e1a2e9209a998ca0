/**
 * Where the command line writes: standard output for results (so they pipe), standard error for
 * usage problems. Injected so tests capture it.
 */

/** The two streams a command writes to, a line at a time. */
export interface Output {
  out(text: string): void;
  error(text: string): void;
}

/** The process's own streams. */
export const consoleOutput: Output = {
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  error: (text) => {
    process.stderr.write(`${text}\n`);
  },
};

/** `1 error`, `2 warnings`. */
export function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}
