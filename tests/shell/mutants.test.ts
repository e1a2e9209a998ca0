/**
 * Proof that the smoke test fails on a broken wiring: the real bundle is copied with one
 * deliberate break (sandbox off, the scheme registered late, …) and every wiring check is run
 * against it. Each break must be named; the unbroken copy must pass, so the copy itself is sound.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ShellProcess, mainBundle, repositoryRoot } from './shellProcess';
import { wiringChecks } from './wiring';

const scratch = mkdtempSync(join(tmpdir(), 'casefile-mutants-'));
// The copies resolve better-sqlite3 as the original does.
symlinkSync(join(repositoryRoot, 'node_modules'), join(scratch, 'node_modules'), 'junction');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of out/ whose main bundle has `change` applied; the change must apply exactly once. */
function mutant(name: string, change: (source: string) => string): string {
  const out = join(scratch, name, 'out');
  mkdirSync(join(out, 'main'), { recursive: true });
  for (const entry of readdirSync(join(repositoryRoot, 'out', 'main'))) {
    cpSync(join(repositoryRoot, 'out', 'main', entry), join(out, 'main', entry), {
      recursive: true,
    });
  }
  symlinkSync(join(repositoryRoot, 'out', 'preload'), join(out, 'preload'), 'junction');
  symlinkSync(join(repositoryRoot, 'out', 'renderer'), join(out, 'renderer'), 'junction');
  const original = readFileSync(mainBundle, 'utf8');
  const changed = change(original);
  if (changed === original)
    throw new Error(`the mutation "${name}" changed nothing: update it to the bundle`);
  writeFileSync(join(out, 'main', 'index.js'), changed);
  return join(out, 'main', 'index.js');
}

/** Replaces the one match of `pattern`; throws when there is not exactly one. */
function once(source: string, pattern: RegExp, replacement: string): string {
  const matches = source.match(
    new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'),
  );
  if (matches?.length !== 1)
    throw new Error(`expected one match of ${pattern}, found ${matches?.length ?? 0}`);
  return source.replace(pattern, replacement);
}

async function problemsOf(bundle: string): Promise<string[]> {
  const { shell } = await ShellProcess.launch({ bundle });
  try {
    const ready = await shell.ready();
    const problems: string[] = [];
    for (const check of wiringChecks) {
      try {
        problems.push(...(await check.run(shell, ready)));
      } catch (error) {
        problems.push(`${check.name}: ${String(error)}`);
      }
    }
    return problems;
  } finally {
    shell.close();
  }
}

describe('the smoke test catches a broken wiring', () => {
  it('passes an unbroken copy of the bundle', async () => {
    expect(await problemsOf(mutant('unbroken', (source) => `${source}\n// copy\n`))).toEqual([]);
  });

  it('catches the sandbox turned off', async () => {
    const bundle = mutant('sandbox-off', (source) =>
      once(
        source,
        /(preload: paths\.preload,\s*contextIsolation: true,\s*)sandbox: true/,
        '$1sandbox: false',
      ),
    );
    expect(await problemsOf(bundle)).toContain('sandbox: expected true, got false');
  });

  it('catches the app scheme registered after ready', async () => {
    const bundle = mutant('scheme-late', (source) =>
      once(
        source,
        /protocol\.registerSchemesAsPrivileged\(privilegedSchemes\);/,
        'app.whenReady().then(() => protocol.registerSchemesAsPrivileged(privilegedSchemes));',
      ),
    );
    const problems = await problemsOf(bundle);
    expect(problems).toContain(
      'ordering: protocol.registerSchemesAsPrivileged should be called before app is ready',
    );
    expect(problems).toContain('protocol.registerSchemesAsPrivileged was called after ready');
  });

  it('catches the sandbox enabled after ready', async () => {
    const bundle = mutant('sandbox-late', (source) =>
      once(source, /\bapp\.enableSandbox\(\);/, 'app.whenReady().then(() => app.enableSandbox());'),
    );
    expect(await problemsOf(bundle)).toContain(
      'ordering: app.enableSandbox() can only be called before app is ready',
    );
  });

  it('catches the IPC handlers registered twice', async () => {
    const bundle = mutant('handlers-twice', (source) =>
      once(source, /(registerHandlers\(host\.handlers, owner\);)/, '$1 $1'),
    );
    expect(await problemsOf(bundle)).toContain(
      "ordering: Attempted to register a second handler for 'app:info'",
    );
  });

  it('catches a permission granted and a foreign sender let through', async () => {
    const bundle = mutant('lax', (source) =>
      once(
        once(
          source,
          /setPermissionRequestHandler\(\(_contents, _permission, callback\) => callback\(false\)\)/,
          'setPermissionRequestHandler((_contents, _permission, callback) => callback(true))',
        ),
        /if \(!isTrustedSender\(event, owner\)\)/,
        'if (false)',
      ),
    );
    const problems = await problemsOf(bundle);
    expect(problems).toContain(
      'permission media: expected {"request":false,"check":false,"device":false}, got {"request":true,"check":false,"device":false}',
    );
    expect(problems.some((problem) => problem.startsWith('a call from other-contents'))).toBe(true);
  });
});
