/**
 * The reference pack of the size academies write, generated (tests and benchmark only, not the
 * production path): a joint customs and police inspection of counterfeit medicines in a port
 * warehouse. 12 flow states (7 of play, 5 outcomes), 4 scenes, 3 people, 3 databases of 4 records,
 * 2 random draws of 3 choices, 2 jurisdictions and 6 timers; by default 24 hotspots (half with
 * effects, a third gated) and 16 questions (4 repeatable, with alternatives).
 *
 * The hotspots and questions can be scaled for the growth table. What is added keeps the
 * reference mix: every other hotspot puts a piece of evidence in the case file and scores, every
 * third is shown only under a condition (the warrant, the jurisdiction's rule, a key piece of
 * evidence), questions score and answer differently by the drawn driver; the rules the decisions
 * read (four key pieces of evidence, the warrant, the sample, three database hits) stay the same,
 * as they do when an author writes a bigger scene for the same case.
 */
import type { ScenarioInput } from '../scenario/schema';

/** Sizes of the generated pack. */
export interface AcademyPackSize {
  hotspots?: number;
  questions?: number;
}

const scenes = ['gate', 'warehouse', 'office', 'container'] as const;

/** The reference pack as data (serialize it with `yaml` to load it). */
export function academyPack(size: AcademyPackSize = {}): ScenarioInput & Record<string, unknown> {
  const hotspotCount = size.hotspots ?? 24;
  const questionCount = size.questions ?? 16;
  const keys = new Set<string>();
  const key = (name: string): string => {
    keys.add(name);
    return name;
  };
  const shape = (index: number) => ({
    rect: {
      x: 20 + (index % 8) * 150,
      y: 40 + Math.floor(index / 8) * 120,
      width: 100,
      height: 80,
    },
  });

  // Hotspots: round-robin over the scenes; the first piece of evidence of each scene is a key one
  // the decisions read, the others go to the case file and score.
  const evidence: { id: string; label: string; description: string }[] = [];
  const hotspotsByScene = new Map<string, unknown[]>(scenes.map((scene) => [scene, []]));
  const keyEvidence = new Map<string, string>();
  for (let index = 0; index < hotspotCount; index += 1) {
    const scene = scenes[index % scenes.length]!;
    const hotspot: Record<string, unknown> = {
      id: `h${index}`,
      label: key(`hotspot.h${index}`),
      description: key(`hotspot.h${index}.text`),
      shape: shape(Math.floor(index / scenes.length)),
    };
    // Every other hotspot of each scene has effects (the rounds over the scenes alternate).
    if ((index + Math.floor(index / scenes.length)) % 2 === 0) {
      const item = `ev${index}`;
      evidence.push({
        id: item,
        label: key(`evidence.${item}`),
        description: key(`evidence.${item}.text`),
      });
      if (!keyEvidence.has(scene)) keyEvidence.set(scene, item);
      hotspot.effects = [
        { addEvidence: item },
        {
          award: index % 4 === 0 ? 'search' : 'procedure',
          points: 1 + (index % 3),
          reason: key('reason.found'),
        },
      ];
    }
    if (index % 3 === 0 && index >= scenes.length) {
      const gates = [
        '"ev0" in evidence',
        'warrant || !law.warrantNeeded',
        'customsHit',
        'warrant || !law.warrantNeeded',
      ];
      hotspot.when = gates[index % scenes.length]!;
    }
    hotspotsByScene.get(scene)!.push(hotspot);
  }
  const item = (scene: string): string => keyEvidence.get(scene) ?? 'ev0';

  // Questions: over the driver, the manager and the customs officer; every fourth repeatable, with
  // an alternative answer by the drawn driver; half score once.
  const people = [
    { id: 'driver', scene: 'gate' },
    { id: 'manager', scene: 'office' },
    { id: 'officer', scene: 'warehouse' },
  ];
  const questionsByPerson = new Map<string, unknown[]>(people.map((person) => [person.id, []]));
  for (let index = 0; index < questionCount; index += 1) {
    const person = people[index % people.length]!;
    const question: Record<string, unknown> = {
      id: `q${index}`,
      text: key(`question.q${index}`),
      answer: key(`answer.q${index}`),
    };
    if (index % 4 === 3) {
      question.repeatable = true;
      question.alternatives = [
        { when: 'driver == "nervous"', answer: key(`answer.q${index}.nervous`) },
        { when: 'driver == "hostile"', answer: key(`answer.q${index}.hostile`) },
      ];
    } else if (index % 2 === 0) {
      question.effects = [{ award: 'interview', points: 1, reason: key('reason.asked') }];
    }
    if (index % 5 === 4) question.when = `"${item(person.scene)}" in evidence`;
    questionsByPerson.get(person.id)!.push(question);
  }

  // Databases: the first record of each is the hit the decisions read, the others score once.
  const database = (id: string, field: string, hitFlag: string, values: string[]) => ({
    id,
    label: key(`database.${id}`),
    fields: [
      {
        id: field,
        label: key(`field.${field}`),
        required: true,
        ignore: ['case', 'spaces', 'punctuation'],
      },
    ],
    records: values.map((value, index) => ({
      id: `${id}${index}`,
      match: { [field]: value },
      result: key(`record.${id}${index}`),
      effects:
        index === 0
          ? [
              { set: hitFlag, to: 'true' },
              { award: 'procedure', points: 2, reason: key('reason.checked') },
            ]
          : index % 2 === 1
            ? [{ award: 'procedure', points: 1, reason: key('reason.checked') }]
            : [],
    })),
    noMatch: key(`database.${id}.none`),
  });

  const strings: Record<string, string> = {};
  const finalState = (id: string, rating: 'success' | 'partial' | 'failure') => ({
    type: 'final' as const,
    outcome: { title: key(`outcome.${id}`), debrief: key(`outcome.${id}.text`), rating },
  });
  const lawful = 'warrant || !law.warrantNeeded';
  const scenario = {
    formatVersion: 1,
    meta: {
      id: 'academy-reference',
      version: '1.0.0',
      title: key('meta.title'),
      summary: key('meta.summary'),
      durationMinutes: 45,
      difficulty: 'intermediate',
      objectives: [key('obj.inspect'), key('obj.decide')],
      competencies: [
        { id: 'search', label: key('comp.search') },
        { id: 'procedure', label: key('comp.procedure') },
        { id: 'interview', label: key('comp.interview') },
      ],
      showScore: true,
    },
    locales: ['en', 'fr'],
    defaultLocale: 'en',
    variants: [
      {
        id: 'port',
        label: key('variant.port'),
        law: { warrantNeeded: true, authority: key('authority.judge') },
      },
      {
        id: 'customs',
        label: key('variant.customs'),
        law: { warrantNeeded: false, authority: key('authority.customs') },
      },
    ],
    parameters: {
      warrantNeeded: { label: key('law.warrantNeeded') },
      authority: { label: key('law.authority'), translated: true },
    },
    variables: {
      warrant: { type: 'bool', initial: false },
      sampleTaken: { type: 'bool', initial: false },
      customsHit: { type: 'bool', initial: false },
      plateHit: { type: 'bool', initial: false },
      personHit: { type: 'bool', initial: false },
      driver: { type: 'string', initial: '' },
      container: { type: 'string', initial: '' },
    },
    random: [
      { variable: 'driver', choices: ['calm', 'nervous', 'hostile'] },
      { variable: 'container', choices: ['MSKU4471203', 'TGHU1029384', 'CAIU5566778'] },
    ],
    scenes: scenes.map((scene, index) => ({
      id: scene,
      label: key(`scene.${scene}`),
      background: `assets/${index % 2 === 0 ? 'a' : 'b'}.svg`,
      people: people.filter((person) => person.scene === scene).map((person) => person.id),
      hotspots: hotspotsByScene.get(scene)!,
      exits: scenes
        .filter((other) => other !== scene)
        .map((other) => ({
          to: other,
          label: key(`exit.${other}`),
          ...(other === 'container' ? { when: lawful } : {}),
        })),
    })),
    people: people.map((person) => ({
      id: person.id,
      name: key(`person.${person.id}`),
      portrait: 'assets/person.svg',
      questions: questionsByPerson.get(person.id)!,
    })),
    evidence,
    databases: [
      database('customs', 'container', 'customsHit', [
        'MSKU4471203',
        'TGHU1029384',
        'CAIU5566778',
        'OOLU0001112',
      ]),
      database('plates', 'plate', 'plateHit', ['AB-123-CD', 'EF-456-GH', 'IJ-789-KL', 'MN-012-OP']),
      database('persons', 'name', 'personHit', [
        'Dimitri Volkov',
        'Ana Reyes',
        'Karim Haddad',
        'Lena Berg',
      ]),
    ],
    flow: {
      initial: 'arrival',
      states: {
        arrival: {
          label: key('state.arrival'),
          scene: 'gate',
          objectives: ['obj.inspect'],
          timers: [{ id: 'truck', afterSeconds: 1200, label: key('timer.truck'), to: 'truckLeft' }],
          decisions: [
            {
              id: 'inspect',
              label: key('decision.inspect'),
              to: 'inspection',
              when: `"${item('gate')}" in evidence`,
            },
          ],
        },
        inspection: {
          label: key('state.inspection'),
          scene: 'warehouse',
          timers: [{ id: 'truck', afterSeconds: 900, label: key('timer.truck'), to: 'truckLeft' }],
          decisions: [
            {
              id: 'requestWarrant',
              label: key('decision.requestWarrant'),
              when: '!warrant && law.warrantNeeded',
              to: 'awaitingWarrant',
              effects: [{ award: 'procedure', points: 3, reason: key('reason.lawful') }],
            },
            { id: 'open', label: key('decision.open'), when: lawful, to: 'search' },
            {
              id: 'force',
              label: key('decision.force'),
              irreversible: true,
              when: '!warrant && law.warrantNeeded',
              to: 'unlawful',
              effects: [{ criticalError: key('error.unlawful') }],
            },
          ],
        },
        awaitingWarrant: {
          label: key('state.awaitingWarrant'),
          scene: 'office',
          timers: [
            {
              id: 'judge',
              afterSeconds: 300,
              label: key('timer.judge'),
              to: 'inspection',
              effects: [{ set: 'warrant', to: 'true' }, { message: key('message.warrant') }],
            },
          ],
          decisions: [
            {
              id: 'callJudge',
              label: key('decision.callJudge'),
              effects: [{ message: key('message.judge') }],
            },
          ],
        },
        search: {
          label: key('state.search'),
          scene: 'container',
          timers: [{ id: 'truck', afterSeconds: 600, label: key('timer.truck'), to: 'truckLeft' }],
          decisions: [
            {
              id: 'sample',
              label: key('decision.sample'),
              when: `"${item('container')}" in evidence`,
              to: 'lab',
              effects: [
                { set: 'sampleTaken', to: 'true' },
                { award: 'search', points: 3, reason: key('reason.sample') },
              ],
            },
            { id: 'back', label: key('decision.back'), to: 'assessment' },
          ],
        },
        lab: {
          label: key('state.lab'),
          scene: 'office',
          timers: [
            {
              id: 'result',
              afterSeconds: 300,
              label: key('timer.result'),
              to: 'assessment',
              effects: [{ message: key('message.lab') }],
            },
          ],
        },
        assessment: {
          label: key('state.assessment'),
          scene: 'office',
          objectives: ['obj.decide'],
          timers: [{ id: 'truck', afterSeconds: 600, label: key('timer.truck'), to: 'truckLeft' }],
          decisions: [
            {
              id: 'seize',
              label: key('decision.seize'),
              irreversible: true,
              when: `sampleTaken && customsHit && "${item('warehouse')}" in evidence`,
              to: 'seized',
              effects: [{ award: 'procedure', points: 10, reason: key('reason.seized') }],
            },
            {
              id: 'handOver',
              label: key('decision.handOver'),
              irreversible: true,
              when: `(plateHit || personHit) && "${item('office')}" in evidence`,
              to: 'handedOver',
              effects: [{ award: 'procedure', points: 5, reason: key('reason.handedOver') }],
            },
            {
              id: 'release',
              label: key('decision.release'),
              irreversible: true,
              to: 'released',
              effects: [{ criticalError: key('error.released'), when: 'customsHit' }],
            },
            { id: 'moreChecks', label: key('decision.moreChecks'), to: 'checks' },
          ],
        },
        checks: {
          label: key('state.checks'),
          scene: 'office',
          timers: [{ id: 'truck', afterSeconds: 300, label: key('timer.truck'), to: 'truckLeft' }],
          decisions: [{ id: 'done', label: key('decision.done'), to: 'assessment' }],
        },
        seized: finalState('seized', 'success'),
        handedOver: finalState('handedOver', 'partial'),
        released: finalState('released', 'failure'),
        truckLeft: finalState('truckLeft', 'failure'),
        unlawful: finalState('unlawful', 'failure'),
      },
    },
    strings: { en: strings, fr: {} as Record<string, string> },
  };
  for (const name of [...keys].sort()) {
    strings[name] = `${name.replaceAll('.', ' ')}`;
    scenario.strings.fr[name] = `fr ${name.replaceAll('.', ' ')}`;
  }
  return scenario as unknown as ScenarioInput & Record<string, unknown>;
}
