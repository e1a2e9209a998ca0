/**
 * The pack a new scenario starts from — one scene with a hotspot, a decision, an outcome, every
 * text in a string table — with the `$schema` line that lets an editor complete and check the file
 * as the author types. It validates and analyses cleanly; `casefile init` and the authoring studio
 * both write it.
 */

/** The pack's id from its folder's name: a letter, then letters, digits, `_` or `-`. */
export function packIdOf(folderName: string): string {
  const words = folderName
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

/** The background the template's scene uses, inside the pack. */
export const templateBackground = 'assets/office.svg';

/**
 * The template's files by their path inside the pack: the scenario (with `id` as its pack id and
 * `schema` as the reference to the JSON Schema) and its background.
 */
export function packTemplate(id: string, schema: string): Record<string, string> {
  return { 'scenario.yaml': scenarioText(id, schema), [templateBackground]: background };
}
