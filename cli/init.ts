/**
 * `casefile init <folder>`: a new pack that already validates and analyses cleanly — one scene
 * with a hotspot, a decision, an outcome, every text in a string table — with the `$schema` line
 * that lets an editor complete and check the file as the author types.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { publishedJsonSchema } from '../core/scenario/schema';
import type { Output } from './output';

/** The pack's id from its folder's name: a letter, then letters, digits, `_` or `-`. */
export function packIdOf(folder: string): string {
  const words = basename(resolve(folder))
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, 64);
  return words === '' ? 'new-scenario' : words;
}

const background = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720" viewBox="0 0 1280 720">
  <rect width="1280" height="720" fill="#d9dde3"/>
  <rect y="520" width="1280" height="200" fill="#8a7d6b"/>
  <rect x="480" y="380" width="320" height="40" rx="4" fill="#6b4f35"/>
  <rect x="500" y="420" width="24" height="160" fill="#5a4029"/>
  <rect x="756" y="420" width="24" height="160" fill="#5a4029"/>
  <rect x="560" y="352" width="120" height="30" rx="2" fill="#f4f1e8" stroke="#9a927f"/>
</svg>
`;

function scenarioText(id: string, schema: string): string {
  return `# yaml-language-server: $schema=${schema}
# A new Casefile scenario: the format is described in scenarios/README.md. Check it as you write:
#   npx casefile validate <this folder>     npx casefile analyze <this folder>
$schema: ${schema}
formatVersion: 1
meta:
  id: ${id}
  version: 0.1.0
  title: meta.title
  summary: meta.summary
  briefing: meta.briefing
  durationMinutes: 15
  difficulty: beginner
  objectives: [obj.examine]
  competencies:
    - { id: observation, label: comp.observation }

locales: [en]
defaultLocale: en

# The jurisdiction: legal parameters the trainee must know, shown in the briefing.
variants:
  - id: standard
    label: variant.standard
    law: { maxHoldHours: 24 }
parameters:
  maxHoldHours: { label: law.maxHoldHours }

variables:
  examined: { type: bool, initial: false }

scenes:
  - id: office
    label: scene.office
    background: assets/office.svg
    hotspots:
      - id: file
        label: hotspot.file
        description: hotspot.file.text
        shape: { rect: { x: 560, y: 352, width: 120, height: 30 } }
        effects:
          - { set: examined, to: 'true' }
          - { award: observation, points: 1, reason: reason.examined }

flow:
  initial: investigate
  states:
    investigate:
      label: state.investigate
      scene: office
      objectives: [obj.examine]
      decisions:
        - id: close
          label: decision.close
          when: examined
          to: closed
          effects:
            - { message: message.closed }
    closed:
      type: final
      outcome: { title: outcome.closed, debrief: outcome.closed.text, rating: success }

strings:
  en:
    meta.title: New scenario
    meta.summary: One line on what the trainee will do.
    meta.briefing: What the trainee is told before starting. The law allows holding someone for {law.maxHoldHours} hours.
    obj.examine: Examine the file on the desk.
    comp.observation: Observation
    variant.standard: Standard jurisdiction
    law.maxHoldHours: Longest hold without a judge (hours)
    scene.office: Office
    hotspot.file: File on the desk
    hotspot.file.text: A case file, opened at the first page.
    reason.examined: Examined the file
    state.investigate: Investigation
    decision.close: Close the case
    message.closed: The case is closed.
    outcome.closed: Case closed
    outcome.closed.text: You examined the file and closed the case.
`;
}

/** Creates the pack; returns the exit code. Refuses a folder that exists and is not empty. */
export function init(folder: string, output: Output): number {
  const target = resolve(folder);
  if (existsSync(target) && readdirSync(target).length > 0) {
    output.error(`${folder} already exists and is not empty: choose a new folder`);
    return 1;
  }
  mkdirSync(join(target, 'assets'), { recursive: true });
  // A schema shared by the packs next to this one is referred to; otherwise the pack gets its own.
  const shared = join(dirname(target), 'casefile.schema.json');
  let schema: string;
  if (existsSync(shared)) {
    schema = relative(target, shared).split(sep).join('/');
  } else {
    writeFileSync(
      join(target, 'casefile.schema.json'),
      `${JSON.stringify(publishedJsonSchema(), null, 2)}\n`,
    );
    schema = './casefile.schema.json';
  }
  writeFileSync(join(target, 'scenario.yaml'), scenarioText(packIdOf(folder), schema));
  writeFileSync(join(target, 'assets', 'office.svg'), background);
  output.out(
    `created ${join(folder, 'scenario.yaml')} and ${join(folder, 'assets', 'office.svg')}`,
  );
  output.out(`next: edit the scenario, then run  casefile validate ${folder}`);
  return 0;
}
