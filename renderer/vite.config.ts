import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';

import { contentSecurityPolicy as shellPolicy } from '../electron/securityPolicy';

/**
 * The production bundle carries the shell's CSP in a meta tag as well as in the app protocol's
 * header, so the e2e run (served by Vite) enforces the very policy the desktop app ships with.
 * `frame-ancestors` has no effect in a meta tag, so it stays in the header only.
 */
const productionPolicy = shellPolicy
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'casefile-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: productionPolicy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * The renderer's Vite configuration, shared by electron-vite (the app) and the e2e run. Takes the
 * renderer folder explicitly: a bundled config file cannot trust its own `import.meta.dirname`.
 */
export function createRendererConfig(rendererRoot: string): UserConfig {
  return {
    root: rendererRoot,
    base: './',
    plugins: [react(), contentSecurityPolicy()],
    build: {
      outDir: resolve(rendererRoot, '../out/renderer'),
      emptyOutDir: true,
      minify: true,
      chunkSizeWarningLimit: 2500,
      rolldownOptions: { input: { index: resolve(rendererRoot, 'index.html') } },
    },
    server: { port: 5173, strictPort: true },
    preview: { port: 4317, strictPort: true },
  };
}

export default createRendererConfig(import.meta.dirname);
