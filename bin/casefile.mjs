#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so authors need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../core/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
