/**
 * The commands' modules, each loaded when its command runs: the entry of the CommonJS bundle
 * (out/cli/commands.cjs) that the command line loads with its code cache, and what the tests
 * hand to {@link main}.
 */
import type { CommandModules } from './main';

/** Each command's module, imported on first use. */
export const commandModules: CommandModules = {
  check: () => import('./check'),
  init: () => import('./init'),
  strings: () => import('./strings'),
};
