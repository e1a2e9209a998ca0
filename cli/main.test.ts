import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandModules } from './commands';
import { main, usage } from './main';

const repository = join(import.meta.dirname, '..');
const example = join(repository, 'scenarios', '_example');

async function run(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await main(argv, commandModules, {
    out: (text) => out.push(text),
    error: (text) => error.push(text),
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

function temporary(): string {
  return mkdtempSync(join(tmpdir(), 'casefile-cli-'));
}

/** A copy of the example pack to change. */
function exampleCopy(): string {
  const folder = join(temporary(), 'border');
  cpSync(example, folder, { recursive: true });
  return folder;
}

describe('casefile command line', () => {
  it('validates the example pack (exit 0)', async () => {
    const result = await run(['validate', example]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/valid \(0 errors, 0 warnings\)/);
  });

  it('reports errors as file:line:col and exits 1', async () => {
    const folder = temporary();
    writeFileSync(join(folder, 'scenario.yaml'), 'formatVersion: 1\nmeta:\n  id: 7\n');
    const result = await run(['validate', folder]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/scenario\.yaml:3:7 error: expected string/);
    const json = await run(['validate', join(folder, 'scenario.yaml'), '--json']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out) as { valid: boolean; diagnostics: { line: number }[] }[];
    expect(parsed[0]!.valid).toBe(false);
  });

  it('fails on warnings with --strict only', async () => {
    const folder = exampleCopy();
    const file = join(folder, 'scenario.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}    orphan.text: Nobody reads this\n`);
    const relaxed = await run(['validate', folder]);
    expect(relaxed.code).toBe(0);
    expect(relaxed.out).toMatch(/warning: the text "orphan.text" is never used/);
    expect(relaxed.out).toMatch(/valid \(0 errors, 1 warning\)/);
    expect((await run(['validate', folder, '--strict'])).code).toBe(1);
    expect((await run(['analyze', folder, '--strict'])).code).toBe(1);
  });

  it('prints help to standard output with exit 0, and usage errors to standard error with 2', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['validate', '--help']]) {
      const help = await run(argv);
      expect(help).toEqual({ code: 0, out: usage, error: '' });
    }
    for (const argv of [
      [],
      ['validate'],
      ['validate', example, '--colour'],
      ['analyze', example, example],
      ['frobnicate'],
      ['strings', 'export'],
      ['strings', 'export', example, '--format', 'docx'],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.out).toBe('');
      expect(result.error).toContain('usage:');
    }
  });

  it('analyzes a pack, in text and JSON', async () => {
    const text = await run(['analyze', example]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/best path → detained/);
    const json = await run(['analyze', example, '--json']);
    const report = JSON.parse(json.out) as {
      bestPath: { decisions: string[] };
      unreachableStates: unknown[];
    };
    expect(report.bestPath.decisions).toEqual(['check.detain']);
    expect(report.unreachableStates).toEqual([]);
  });
});

describe('casefile init', () => {
  it('scaffolds a pack that validates and analyses without a warning, with the schema line', async () => {
    const parent = temporary();
    writeFileSync(join(parent, 'casefile.schema.json'), '{}');
    const folder = join(parent, 'Port inspection!');
    const created = await run(['init', folder]);
    expect(created.code).toBe(0);
    const text = readFileSync(join(folder, 'scenario.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../casefile.schema.json');
    expect(text).toContain('\n$schema: ../casefile.schema.json\n');
    expect(text).toContain('\n  id: Port-inspection-\n');
    const validated = await run(['validate', folder, '--strict']);
    expect(validated.out).toMatch(/valid \(0 errors, 0 warnings\)/);
    expect(validated.code).toBe(0);
    const analyzed = await run(['analyze', folder, '--strict']);
    expect(analyzed.code).toBe(0);
    expect(analyzed.out).not.toMatch(/warning/);
    // A second init into the same folder would overwrite the author's work: refused.
    const again = await run(['init', folder]);
    expect(again.code).toBe(1);
    expect(again.error).toMatch(/not empty/);
  });

  it('gives a pack with no shared schema beside it its own copy', async () => {
    const folder = join(temporary(), 'alone');
    expect((await run(['init', folder])).code).toBe(0);
    expect(readFileSync(join(folder, 'scenario.yaml'), 'utf8')).toContain(
      '$schema: ./casefile.schema.json',
    );
    const schema = JSON.parse(readFileSync(join(folder, 'casefile.schema.json'), 'utf8')) as {
      title: string;
    };
    expect(schema.title).toBe('Casefile scenario');
    expect((await run(['validate', folder, '--strict'])).code).toBe(0);
  });
});

describe('casefile strings', () => {
  it('exports XLIFF 2.0 with the source, the current translation and where each text is used', async () => {
    const exported = await run(['strings', 'export', example, '--locale', 'fr']);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/^<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"/);
    expect(exported.out).toContain('srcLang="en" trgLang="fr"');
    expect(exported.out).toMatch(
      /<unit id="decision.detain">\s*<notes>\s*<note>flow\.states\.check\.decisions\.\d\.label<\/note>\s*<\/notes>\s*<segment>\s*<source>Detain the traveller<\/source>\s*<target>Retenir le voyageur<\/target>/,
    );
  });

  it('round-trips a translation through XLIFF into the YAML, keeping its comments', async () => {
    const folder = exampleCopy();
    const file = join(temporary(), 'fr.xlf');
    expect((await run(['strings', 'export', folder, '--locale', 'fr', '--out', file])).code).toBe(
      0,
    );
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '<target>Retenir le voyageur</target>',
        '<target>Placer le voyageur en retenue</target>',
      ),
    );
    const imported = await run(['strings', 'import', folder, file]);
    expect(imported.error).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^fr: 1 text written to /);
    // One line changed, everything else (comments, flow style, quoting) byte for byte.
    const original = readFileSync(join(example, 'scenario.yaml'), 'utf8');
    expect(readFileSync(join(folder, 'scenario.yaml'), 'utf8')).toBe(
      original.replace(
        '    decision.detain: Retenir le voyageur\n',
        '    decision.detain: Placer le voyageur en retenue\n',
      ),
    );
    expect((await run(['validate', folder, '--strict'])).code).toBe(0);
  });

  it('starts a new language from CSV, and adds it to the locales', async () => {
    const folder = exampleCopy();
    const file = join(temporary(), 'es.csv');
    expect((await run(['strings', 'export', folder, '--locale', 'es', '--out', file])).code).toBe(
      0,
    );
    const rows = readFileSync(file, 'utf8').split('\n');
    expect(rows[0]).toBe('key,en,es,context');
    const translated = rows
      .map((row, index) =>
        index === 0 || row === ''
          ? row
          : row.replace(/^([^,]+),("(?:[^"]|"")*"|[^,]*),,/, (_, key: string, source: string) => {
              const english = source.startsWith('"') ? source : `"${source}"`;
              return `${key},${source},${english.replace(/^"/, '"ES ')},`;
            }),
      )
      .join('\n');
    writeFileSync(file, translated);
    const imported = await run(['strings', 'import', folder, file]);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/\(es added to locales\)/);
    const validated = await run(['validate', folder, '--strict']);
    expect(validated.out).toMatch(/valid \(0 errors, 0 warnings\)/);
    expect(readFileSync(join(folder, 'scenario.yaml'), 'utf8')).toContain(
      '\nlocales: [en, fr, es]\n',
    );
  });

  it('refuses unknown keys and invented placeholders, and writes nothing that breaks the pack', async () => {
    const folder = exampleCopy();
    const before = readFileSync(join(folder, 'scenario.yaml'), 'utf8');
    const file = join(temporary(), 'fr.csv');
    writeFileSync(
      file,
      [
        'key,en,fr,context',
        'no.such.key,,Rien,',
        'database.sltd.hit,,"RÉSULTAT : {law.maxDetentionDays} jours",',
        'decision.detain,,Retenir,',
      ].join('\n'),
    );
    const imported = await run(['strings', 'import', folder, file]);
    expect(imported.code).toBe(1);
    expect(imported.error).toContain('"no.such.key" is not a text of the pack: skipped');
    expect(imported.error).toContain(
      '"database.sltd.hit" has {law.maxDetentionDays}, which the en text does not: skipped',
    );
    const after = readFileSync(join(folder, 'scenario.yaml'), 'utf8');
    expect(after).toBe(
      before.replace('decision.detain: Retenir le voyageur', 'decision.detain: Retenir'),
    );
  });
});

describe('the installed command', () => {
  const bin = join(repository, 'bin', 'casefile.mjs');

  it('prints its help from the JavaScript bundle, with exit 0', () => {
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd()).toBe(usage);
    expect(result.stderr).toBe('');
  });

  it('ends quietly when its reader stops early (a closed pipe)', () => {
    const output = execFileSync(
      '/bin/sh',
      [
        '-c',
        `"${process.execPath}" "${bin}" strings export "${example}" --locale fr | head -n 1; echo "status $?"`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(output).toMatch(/^<xliff [^\n]*\nstatus 0\n$/);
    const crashed = spawnSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" "${bin}" strings export "${example}" --locale fr | head -c 10`],
      { encoding: 'utf8' },
    );
    expect(crashed.stderr).toBe('');
  });
});
