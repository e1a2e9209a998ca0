import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { createRendererConfig } from './renderer/vite.config';

const rendererConfig = createRendererConfig(resolve(import.meta.dirname, 'renderer'));

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Only better-sqlite3 stays external (it is native); everything else is bundled.
      externalizeDeps: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'electron/main.ts') } },
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
