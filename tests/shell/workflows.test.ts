/**
 * The hosted CI workflows: valid against GitHub's workflow schema (@action-validator, the
 * SchemaStore schema compiled to WebAssembly), and the release workflow doing what README says:
 * every OS and both macOS architectures, the real-Electron suite on each, one native module per
 * target, installers uploaded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from './shellProcess';

const folder = join(repositoryRoot, '.github', 'workflows');
const workflows = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { matrix: { include: Record<string, string>[] } };
  steps: Step[];
}

describe('the CI workflows', () => {
  it('exist', () => {
    expect(workflows).toContain('release.yml');
  });

  for (const name of workflows) {
    it(`${name} is a valid GitHub workflow`, () => {
      expect(validateWorkflow(readFileSync(join(folder, name), 'utf8')).errors).toEqual([]);
    });
  }

  it('the validator does catch a broken workflow', () => {
    const broken =
      'name: broken\non: push\njobs:\n  build:\n    runs-on: [ubuntu-24.04]\n    step:\n      - run: true\n';
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('builds, tests and packs on Windows, Linux and macOS on both architectures', () => {
    const release = parse(readFileSync(join(folder, 'release.yml'), 'utf8')) as {
      jobs: Record<string, Job>;
    };
    const desktop = release.jobs.desktop!;
    const targets = desktop.strategy!.matrix.include.map(
      (entry) => `${entry.platform}-${entry.arch}`,
    );
    expect(targets.sort()).toEqual(['darwin-arm64', 'darwin-x64', 'linux-x64', 'win32-x64']);
    const runs = desktop.steps.map((step) => step.run ?? '').join('\n');
    expect(runs).toContain(
      'node scripts/electronNative.mjs --platform=${{ matrix.platform }} --arch=${{ matrix.arch }}',
    );
    expect(runs).toContain('npm run test:electron');
    expect(runs).toContain('node scripts/pack.mjs ${{ matrix.pack }}');
    for (const entry of desktop.strategy!.matrix.include) {
      expect(entry.pack).toBe(
        `--${{ linux: 'linux', win32: 'win', darwin: 'mac' }[entry.platform!]} --${entry.arch}`,
      );
    }
    expect(desktop.steps.some((step) => step.uses?.startsWith('actions/upload-artifact'))).toBe(
      true,
    );
    const check = release.jobs.check!.steps.map((step) => step.run ?? '').join('\n');
    for (const command of [
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm run build',
      'npx vitest run',
      'npx playwright test',
    ]) {
      expect(check).toContain(command);
    }
  });
});
