import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { createRendererConfig } from './renderer/vite.config';

const rendererConfig = createRendererConfig(resolve(import.meta.dirname, 'renderer'));

/**
 * The React plugin's fast-refresh preamble, as the dev server inlines it in index.html (base
 * '/'), hashed for the development CSP (electron/security.ts). Production allows no inline
 * script at all; this only lets `npm run dev` run.
 */
const developmentScriptHashes = [
  createHash('sha256').update(react.preambleCode.replace('__BASE__', '/')).digest('base64'),
];

export default defineConfig({
  main: {
    define: { __CASEFILE_DEV_SCRIPT_HASHES__: JSON.stringify(developmentScriptHashes) },
    build: {
      outDir: 'out/main',
      // The runtime `dependencies` stay external and ship in node_modules: better-sqlite3 (native),
      // and ws, bonjour-service and @noble/curves (the classroom link). Everything else is bundled.
      externalizeDeps: true,
      rolldownOptions: {
        // Each worker job's entry (electron/worker/protocol.ts) builds as `<name>.js` beside the
        // main bundle, and shared code in chunks beside them too, so the worker host finds a job
        // next to itself whichever file it lands in.
        input: {
          index: resolve(import.meta.dirname, 'electron/main.ts'),
          studioBots: resolve(import.meta.dirname, 'electron/studio/botWorker.ts'),
          storeImport: resolve(import.meta.dirname, 'electron/store/importWorker.ts'),
          packAnalysis: resolve(import.meta.dirname, 'electron/packAnalysisWorker.ts'),
          studioAnalysis: resolve(import.meta.dirname, 'electron/studio/analysisWorker.ts'),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require modules: one self-contained CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, outDir: resolve(import.meta.dirname, 'out/renderer') },
  },
});
