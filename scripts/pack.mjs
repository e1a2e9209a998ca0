#!/usr/bin/env node
/** Runs electron-builder with the Electron version the native module was built for. */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
execFileSync(
  'npx',
  ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, CASEFILE_ELECTRON_VERSION: electronVersion },
  },
);
