/**
 * Messages an author can act on: each mistake an instructor makes while writing a pack gives one
 * diagnostic, in plain words, at the place to fix, with the name that was probably meant.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Diagnostic } from './diagnostics';
import { limits } from './schema';
import { edit, loadSource, minimalAssets, minimalScenario } from './testing';

type Mutable = ReturnType<typeof minimalScenario>;

async function diagnosticsOf(
  mutate: (scenario: Mutable) => void,
  files = minimalAssets,
): Promise<Diagnostic[]> {
  const scenario = minimalScenario();
  mutate(scenario);
  return (await loadSource(scenario, files)).diagnostics;
}

function at(diagnostics: Diagnostic[], path: string): Diagnostic {
  const found = diagnostics.find((diagnostic) => diagnostic.path === path);
  expect(found, `a diagnostic at ${path} among ${JSON.stringify(diagnostics)}`).toBeDefined();
  return found!;
}

/** The minimal scenario's YAML with one line changed by `change`. */
function withLine(
  match: RegExp,
  change: (line: string) => string,
): { source: string; line: number } {
  const lines = stringify(minimalScenario()).split('\n');
  const index = lines.findIndex((line) => match.test(line));
  expect(index).toBeGreaterThan(0);
  lines[index] = change(lines[index]!);
  return { source: lines.join('\n'), line: index + 1 };
}

describe('YAML mistakes, said once and plainly', () => {
  it('one space too many gives one error naming the line and its siblings’ indentation', async () => {
    const { source, line } = withLine(/^ {2}version: /, (text) => ` ${text}`);
    const { diagnostics } = await loadSource(source);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', line, column: 4 });
    expect(diagnostics[0]!.message).toMatch(
      /^line \d+ \("version: 1\.0\.0"\) is indented by 3 spaces, deeper than line \d+ .* siblings are indented by 2 spaces$/,
    );
  });

  it('one space too few gives one error naming the neighbours’ indentation', async () => {
    const { source, line } = withLine(/^ {2}version: /, (text) => text.slice(1));
    const { diagnostics } = await loadSource(source);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', line });
    expect(diagnostics[0]!.message).toMatch(/indented by 1 space, which matches no line around it/);
    expect(diagnostics[0]!.message).toMatch(/indented by 2 spaces/);
  });

  it('a tab used for indentation is said to be one', async () => {
    const { source, line } = withLine(/^ {2}version: /, (text) => `\t${text.trimStart()}`);
    const { diagnostics } = await loadSource(source);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line,
        column: 1,
        message: `line ${line} is indented with a tab: YAML indents with spaces only`,
      }),
    ]);
  });

  it('an empty file, or one of comments only, says so', async () => {
    for (const [source, message] of [
      ['', 'the scenario file is empty'],
      ['\n  \n', 'the scenario file is empty'],
      ['# to do\n', 'the scenario file holds only comments: no scenario in it'],
    ] as const) {
      const { diagnostics } = await loadSource(source);
      expect(diagnostics).toEqual([
        expect.objectContaining({ code: 'empty-file', line: 0, message }),
      ]);
    }
  });

  it('deep nesting names the documented limit, once, at its line', async () => {
    for (const source of [
      `formatVersion: 1\nmeta: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      `formatVersion: 1\nmeta:\n${Array.from({ length: 200 }, (_, depth) => `${'  '.repeat(depth + 1)}k${depth}:`).join('\n')} 1\n`,
    ]) {
      const { diagnostics } = await loadSource(source);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ code: 'too-deep' });
      expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
      expect(diagnostics[0]!.message).toContain(`deeper than ${limits.maxDocumentDepth} levels`);
    }
  });

  it('binary junk is described, not echoed', async () => {
    const png = `\uFFFDPNG\r\n\u001a\n${'\u0000\uFFFD\u0007'.repeat(1500)}`;
    const junk = Array.from({ length: 4096 }, (_, index) =>
      String.fromCharCode((index * 7919) % 32 || 1),
    ).join('');
    const results = await Promise.all([loadSource(png), loadSource(junk)]);
    expect(results[0].diagnostics).toEqual([
      expect.objectContaining({
        code: 'not-text',
        message: 'this is not a scenario file: it looks like a PNG image',
      }),
    ]);
    expect(results[1].diagnostics).toHaveLength(1);
    expect(results[1].diagnostics[0]!.code).toBe('not-text');
    for (const { diagnostics } of results) {
      expect(diagnostics[0]!.message.length).toBeLessThan(100);
      expect([...diagnostics[0]!.message].every((character) => character >= ' ')).toBe(true);
      expect(diagnostics[0]!.message).not.toContain('\uFFFD');
    }
  });

  it('an alias bomb is refused at the alias that makes it explode', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const { diagnostics } = await loadSource(levels.join('\n'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-aliases', line: 3 });
    expect(diagnostics[0]!.column).toBeGreaterThan(1);
    expect(diagnostics[0]!.message).toMatch(/^YAML aliases expand too much here: \*b expands/);
  });
});

describe('names that do not exist, with the one meant', () => {
  it('suggests the nearest id, and says when only the case differs', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'scenes.0.exits.0.to', 'secnd');
      edit(scenario, 'flow.states.investigate.decisions.0.to', 'Good');
      edit(scenario, 'scenes.0.hotspots.0.effects.1.award', 'skil');
      edit(scenario, 'flow.states.investigate.transitions.0.record', 'mtch');
      edit(scenario, 'scenes.0.people', ['zebra']);
    });
    expect(at(diagnostics, 'scenes.0.exits.0.to').message).toBe(
      'unknown scene "secnd"; did you mean "second"?',
    );
    expect(at(diagnostics, 'flow.states.investigate.decisions.0.to').message).toBe(
      'unknown state "Good"; did you mean "good"? (names are case-sensitive: only the case differs)',
    );
    expect(at(diagnostics, 'scenes.0.hotspots.0.effects.1.award').message).toBe(
      'unknown competency "skil"; did you mean "skill"?',
    );
    expect(at(diagnostics, 'flow.states.investigate.transitions.0.record').message).toBe(
      'unknown record "mtch" of database "registry"; did you mean "match"?',
    );
    expect(at(diagnostics, 'scenes.0.people.0').message).toBe(
      'unknown person "zebra" (declared: witness)',
    );
  });

  it('suggests the nearest key the format allows there', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'scenes.0.hotspots.0.whn', 'checked');
      edit(scenario, 'flow.states.investigate.decisions.1.effects.1', { mesage: 'reason' });
    });
    expect(at(diagnostics, 'scenes.0.hotspots.0.whn').message).toBe(
      'unknown key "whn"; did you mean "when"?',
    );
    expect(at(diagnostics, 'flow.states.investigate.decisions.1.effects.1.mesage').message).toBe(
      'unknown key "mesage"; did you mean "message"?',
    );
  });

  it('points a CEL error at the unknown name itself, with the variable meant', async () => {
    const scenario = minimalScenario();
    edit(scenario, 'flow.states.investigate.decisions.0.when', 'count > 0 && chekced');
    edit(scenario, 'flow.states.investigate.decisions.1.when', 'law.hour > 2');
    const text = stringify(scenario);
    const { diagnostics } = await loadSource(text);
    const lines = text.split('\n');
    const unknown = at(diagnostics, 'flow.states.investigate.decisions.0.when');
    expect(unknown.message).toBe('CEL: Unknown variable: chekced; did you mean "checked"?');
    expect(lines[unknown.line - 1]!.slice(unknown.column - 1)).toMatch(/^chekced/);
    const law = at(diagnostics, 'flow.states.investigate.decisions.1.when');
    expect(law.message).toBe('CEL: No such key: hour; did you mean "hours"?');
    expect(lines[law.line - 1]!.slice(law.column - 1)).toMatch(/^hour > 2/);
  });

  it('points at an unknown placeholder inside its text', async () => {
    const scenario = minimalScenario();
    edit(scenario, 'strings.en.hit', 'hit up to {law.hour} h');
    const text = stringify(scenario);
    const { diagnostics } = await loadSource(text);
    const placeholder = at(diagnostics, 'strings.en.hit');
    expect(placeholder.message).toBe(
      'placeholder {law.hour} names no legal parameter, variable or case fact; did you mean "law.hours"?',
    );
    expect(text.split('\n')[placeholder.line - 1]!.slice(placeholder.column - 1)).toMatch(
      /^law\.hour\}/,
    );
  });

  it('names the files that exist for a missing asset, and a case-only mismatch', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'scenes.0.background', 'assets/A.svg');
      edit(scenario, 'scenes.1.background', 'asets/b.svg');
      edit(scenario, 'people.0.portrait', 'assets/portrait.svg');
    });
    expect(at(diagnostics, 'scenes.0.background').message).toBe(
      'asset "assets/A.svg" does not exist in the pack; did you mean "assets/a.svg"? (names are case-sensitive: only the case differs)',
    );
    expect(at(diagnostics, 'scenes.1.background').message).toBe(
      'asset "asets/b.svg" does not exist in the pack; the folder "asets" does not exist; did you mean "assets"?',
    );
    expect(at(diagnostics, 'people.0.portrait').message).toBe(
      'asset "assets/portrait.svg" does not exist in the pack (files in "assets": a.svg, b.svg, person.svg)',
    );
  });
});

describe('what is declared and never used', () => {
  it('warns of a text nothing refers to, and of an outcome nothing leads to', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'strings.en.orphan', 'Nobody reads this');
      edit(scenario, 'flow.states.investigate.timers.0.to', 'bad');
    });
    expect(diagnostics.every((diagnostic) => diagnostic.severity === 'warning')).toBe(true);
    expect(at(diagnostics, 'strings.en.orphan')).toMatchObject({
      code: 'unused-string',
      message: 'the text "orphan" is never used: no field of the scenario refers to it',
    });
    expect(at(diagnostics, 'flow.states.late')).toMatchObject({
      code: 'unreachable',
      message:
        'the outcome "late" can never be reached: no decision, transition or timer leads to it from the start',
    });
  });
});

describe('texts that can always be filled, and parameters that always have a name', () => {
  it('refuses a placeholder that cannot be filled where its text is shown, in any locale', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'strings.fr.summary', 'Résumé pour {law.hours} h');
      edit(scenario, 'strings.en.decide', 'Decide after {count} checks');
      edit(scenario, 'strings.en.answer', 'Answer with {count} and {law.hours}');
    });
    expect(at(diagnostics, 'strings.fr.summary')).toMatchObject({
      code: 'unfillable-placeholder',
      message:
        'placeholder {law.hours} cannot be filled in "summary": it is shown in the library, before anything is chosen, so it can have no placeholder',
    });
    expect(at(diagnostics, 'strings.en.decide').message).toMatch(
      /^placeholder \{count\} cannot be filled in "decide": it names something, or is shown outside a session/,
    );
    // Narration during a session knows the variables.
    expect(diagnostics.some((diagnostic) => diagnostic.path === 'strings.en.answer')).toBe(false);
  });

  it('requires a label for every legal parameter, and string keys for translated values', async () => {
    const diagnostics = await diagnosticsOf((scenario) => {
      edit(scenario, 'parameters', {
        hours: { label: 'param.hours' },
        colour: { label: 'param.warrant' },
      });
    });
    expect(at(diagnostics, 'variants.0.law.warrant').message).toBe(
      'the legal parameter "warrant" has no label: declare it under parameters, e.g. parameters: { warrant: { label: law.warrant } }',
    );
    expect(at(diagnostics, 'parameters.colour').message).toMatch(
      /declared but no variant gives it a value/,
    );
    const translated = await diagnosticsOf((scenario) => {
      edit(scenario, 'parameters.hours', { label: 'param.hours', translated: true });
    });
    expect(at(translated, 'parameters.hours.translated').message).toMatch(
      /values must be string keys, not ints/,
    );
  });
});
