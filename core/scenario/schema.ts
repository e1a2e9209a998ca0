/**
 * The scenario file format: one zod schema, from which the TypeScript types and the published JSON
 * Schema (`scenarios/casefile.schema.json`) are both derived. Scenario files hold data only; the
 * vocabulary of effects, guards and intents is fixed here and implemented in code.
 *
 * Conventions: every trainee-visible text is a *string key* looked up in `strings[locale]`;
 * every condition (`when`) and computed value is a CEL expression; ids are whole words.
 */
import * as z from 'zod';

/** Bounds that keep hostile packs cheap to load (checked by the schema and the loader). */
export const limits = {
  /** Longest accepted scenario file, in bytes, checked before parsing. */
  maxScenarioFileBytes: 2 * 1024 * 1024,
  /** Largest accepted asset file, in bytes. */
  maxAssetBytes: 20 * 1024 * 1024,
  /** Longest localized text. */
  maxStringLength: 20_000,
  /** Longest CEL expression. */
  maxExpressionLength: 1_000,
  /** Deepest nesting of comprehension macros (`all`, `exists`, `map`, `filter`...). */
  maxMacroNesting: 2,
  /** YAML aliases allowed in one document (alias bombs expand exponentially). */
  maxAliasCount: 100,
  /** Deepest nesting of flow states. */
  maxStateDepth: 12,
  /** Deepest nesting of the YAML document itself. */
  maxDocumentDepth: 64,
} as const;

/** An identifier: scene, person, state, competency... Whole words; no dots (dots separate paths). */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'an id: a letter, then letters, digits, _ or -')
  .describe('Identifier: a letter, then up to 63 letters, digits, _ or -');

/** A key into the `strings` table of every locale. */
export const stringKeySchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/,
    'a string key: a letter, then letters, digits, _ . or -',
  )
  .describe('Key into strings.<locale>');

/** A CEL expression (guard or value), type-checked at load time against the declared variables. */
export const expressionSchema = z
  .string()
  .min(1)
  .max(limits.maxExpressionLength)
  .describe('CEL expression; guards must evaluate to true');

/** A path to a file inside the pack (relative, forward slashes, no `..`). */
export const assetPathSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(
    /^(?![/\\])(?!.*(^|[/\\])\.\.([/\\]|$))(?![A-Za-z]:)[^\0]*$/,
    'a relative path inside the pack',
  )
  .describe('Relative path of a file inside the pack');

/** A locale tag such as `en`, `fr`, `es`, `ar`, `pt-BR`. */
export const localeSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a locale tag like en or pt-BR');

const effectCondition = expressionSchema
  .optional()
  .describe("Applied only when this holds (evaluated before the rule's other effects apply)");

/** One effect: the fixed vocabulary of what a rule can do. Exactly one of the shapes below. */
export const effectSchema = z.union([
  z
    .strictObject({
      set: idSchema.describe('Variable to set'),
      to: expressionSchema.describe('CEL expression giving the new value'),
      when: effectCondition,
    })
    .describe('Set a variable'),
  z
    .strictObject({
      award: idSchema.describe('Competency id'),
      points: z.number().int().min(-1000).max(1000).describe('Positive awards, negative deducts'),
      reason: stringKeySchema,
      when: effectCondition,
    })
    .describe('Award or deduct points on a competency, with a reason for the debrief'),
  z
    .strictObject({ addEvidence: idSchema, when: effectCondition })
    .describe('Put an evidence item in the case file'),
  z
    .strictObject({ criticalError: stringKeySchema, when: effectCondition })
    .describe('Flag a critical error (the string key explains it in the debrief)'),
  z
    .strictObject({ feedback: stringKeySchema, when: effectCondition })
    .describe('Record feedback for the debrief'),
  z
    .strictObject({ message: stringKeySchema, when: effectCondition })
    .describe(
      'Tell the trainee something at once (a reply, a consequence); kept in the case file and the debrief',
    ),
]);
export type Effect = z.infer<typeof effectSchema>;

const effectsSchema = z.array(effectSchema).max(64).default([]);

/**
 * Scenario time an action takes (a phone call, opening a container): the scenario clock moves on by
 * this much once it is done, and timers that fall due meanwhile fire.
 */
const takesSecondsSchema = z
  .number()
  .int()
  .min(1)
  .max(86_400)
  .optional()
  .describe('Scenario seconds this action takes; timers due meanwhile fire after it');

/** Metadata shown in the library and on the briefing screen. */
export const metaSchema = z.strictObject({
  id: idSchema,
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a semantic version like 1.0.0')
    .describe('Semantic version of the pack'),
  title: stringKeySchema,
  summary: stringKeySchema,
  briefing: stringKeySchema.optional(),
  durationMinutes: z.number().int().min(1).max(600),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  objectives: z.array(stringKeySchema).min(1).max(32),
  competencies: z
    .array(
      z.strictObject({
        id: idSchema,
        label: stringKeySchema,
        description: stringKeySchema.optional(),
      }),
    )
    .min(1)
    .max(32),
  topics: z.array(z.string().min(1).max(64)).max(32).default([]),
  /** Whether the trainee sees the running score (the debrief always shows it). */
  showScore: z.boolean().default(false),
  /**
   * Whether the outcome screen shows the trainee the best path (the analysis' highest-scoring way
   * to the best outcome). Off by default: it gives the scenario away to whoever plays it next.
   */
  showBestPath: z.boolean().default(false),
  /**
   * Scenario seconds per second of class: 20 makes a 20-minute deadline last one minute of class.
   * Actions that take time (`takesSeconds`) and waiting are not scaled: they move the clock at once.
   */
  timeScale: z
    .number()
    .min(0.1)
    .max(600)
    .default(1)
    .describe('Scenario seconds per second of class (default 1)'),
});
export type ScenarioMeta = z.infer<typeof metaSchema>;

/** A legal parameter's value: readable as `law.<name>` in guards and `{law.<name>}` in texts. */
export const lawValueSchema = z.union([z.boolean(), z.number(), z.string().max(500)]);

/**
 * A legal parameter's declaration: its name as the briefing's legal table shows it and, for a
 * parameter whose values are words ("the investigating judge"), that they are string keys shown
 * in the trainee's language.
 */
export const parameterSchema = z.strictObject({
  label: stringKeySchema.describe("The parameter's name in the briefing's legal table"),
  translated: z
    .boolean()
    .default(false)
    .describe("Values are string keys, shown in the trainee's language"),
});
export type Parameter = z.infer<typeof parameterSchema>;

/** A hidden case fact's possible value, with the instructor's name for it. */
export const factChoiceSchema = z.strictObject({
  value: z.union([z.boolean(), z.number(), z.string().max(200)]),
  label: stringKeySchema.describe("The value's name in the instructor's setup and debrief"),
});

/**
 * A hidden case fact (who is lying, which phone is the burner): drawn at random per session,
 * unless the instructor assigns it for the class; never shown to the trainee; read in conditions
 * as `fact.<id>`, in texts as `{fact.<id>}` (its value's label), shown in the debrief.
 */
export const factSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema.describe("The fact's name in the instructor's setup and debrief"),
  choices: z.array(factChoiceSchema).min(2).max(32),
});
export type Fact = z.infer<typeof factSchema>;

/** A jurisdiction variant: a named set of legal parameters chosen at session start. */
export const variantSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema,
  description: stringKeySchema.optional(),
  law: z.record(idSchema, lawValueSchema),
});
export type Variant = z.infer<typeof variantSchema>;

/** A typed scenario variable with its initial value. */
export const variableSchema = z.strictObject({
  type: z.enum(['bool', 'int', 'double', 'string']),
  initial: z.union([z.boolean(), z.number(), z.string().max(1000)]),
  description: z.string().max(500).optional(),
});
export type VariableDeclaration = z.infer<typeof variableSchema>;

/** A seeded random draw at session start, stored in a variable and logged (`random.drawn`). */
export const randomDrawSchema = z.strictObject({
  variable: idSchema,
  choices: z
    .array(z.union([z.boolean(), z.number(), z.string().max(1000)]))
    .min(2)
    .max(32),
});
export type RandomDraw = z.infer<typeof randomDrawSchema>;

const pointSchema = z.tuple([z.number().min(0).max(100_000), z.number().min(0).max(100_000)]);

/** Hotspot geometry in the background image's coordinates. */
export const shapeSchema = z.union([
  z.strictObject({
    rect: z.strictObject({
      x: z.number().min(0),
      y: z.number().min(0),
      width: z.number().positive(),
      height: z.number().positive(),
    }),
  }),
  z.strictObject({ polygon: z.array(pointSchema).min(3).max(64) }),
]);
export type Shape = z.infer<typeof shapeSchema>;

/** A clickable area of a scene. Using it is the `hotspot.use` intent. */
export const hotspotSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema,
  /** Text shown when the hotspot is used. */
  description: stringKeySchema.optional(),
  shape: shapeSchema,
  /** What the trainee sees there, for its mark on the picture: a thing, a person, a way out. */
  kind: z
    .enum(['object', 'person', 'exit'])
    .default('object')
    .describe('Its mark on the picture: object (default), person or exit'),
  when: expressionSchema.optional().describe('Shown only while this holds'),
  /** Shown but not usable while `when` holds; the trainee is told `reason`. */
  locked: z
    .strictObject({
      when: expressionSchema.describe('Locked while this holds'),
      reason: stringKeySchema.describe('What the trainee is told (e.g. the kit is sealed)'),
    })
    .optional(),
  takesSeconds: takesSecondsSchema,
  effects: effectsSchema,
});
export type Hotspot = z.infer<typeof hotspotSchema>;

/** A way from one scene to another (the `scene.enter` intent). */
export const exitSchema = z.strictObject({
  to: idSchema.describe('Scene id'),
  label: stringKeySchema,
  when: expressionSchema.optional(),
  takesSeconds: takesSecondsSchema.describe(
    'Scenario seconds going there takes (a drive to the port); timers due meanwhile fire after it',
  ),
});

/** A location: a background, hotspots, people present, exits. */
export const sceneSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema,
  background: assetPathSchema,
  width: z.number().int().positive().max(20_000).default(1280),
  height: z.number().int().positive().max(20_000).default(720),
  hotspots: z.array(hotspotSchema).max(128).default([]),
  people: z.array(idSchema).max(32).default([]),
  exits: z.array(exitSchema).max(32).default([]),
});
export type Scene = z.infer<typeof sceneSchema>;

/** One interview question: offered while `when` holds; the answer may change with conditions. */
export const questionSchema = z.strictObject({
  id: idSchema,
  text: stringKeySchema,
  answer: stringKeySchema,
  /** First alternative whose `when` holds replaces `answer` (e.g. the drawn liar's version). */
  alternatives: z
    .array(
      z.strictObject({ when: expressionSchema, answer: stringKeySchema, effects: effectsSchema }),
    )
    .max(16)
    .default([]),
  when: expressionSchema.optional(),
  /** Whether it may be asked again after being answered. */
  repeatable: z.boolean().default(false),
  takesSeconds: takesSecondsSchema,
  effects: effectsSchema,
});
export type Question = z.infer<typeof questionSchema>;

/** A person the trainee can meet and interview. */
export const personSchema = z.strictObject({
  id: idSchema,
  name: stringKeySchema,
  role: stringKeySchema.optional(),
  portrait: assetPathSchema,
  questions: z.array(questionSchema).max(64).default([]),
});
export type Person = z.infer<typeof personSchema>;

/** An evidence item; it enters the case file through an `addEvidence` effect. */
export const evidenceSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema,
  description: stringKeySchema,
  image: assetPathSchema.optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** A query-form field of a simulated database. */
export const databaseFieldSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema,
  kind: z.enum(['text', 'date', 'select']).default('text'),
  options: z.array(z.string().max(200)).max(64).optional(),
  required: z.boolean().default(false),
  /**
   * What a query may differ in and still match: `case`, `spaces` (all of them, not only extra
   * ones), `punctuation`, `accents`. Without it: case, and spaces at the ends or doubled.
   */
  ignore: z
    .array(z.enum(['case', 'spaces', 'punctuation', 'accents']))
    .max(4)
    .optional()
    .describe('What a query may differ in and still match; default: case and extra spaces'),
});

/** A record a query can match: all `match` fields equal (case- and space-insensitive). */
export const databaseRecordSchema = z.strictObject({
  id: idSchema,
  match: z.record(idSchema, z.string().max(200)),
  /** Other values that identify the record, per field (an old number, a known misspelling). */
  aliases: z.record(idSchema, z.array(z.string().max(200)).max(32)).default({}),
  result: stringKeySchema.describe('Text shown as the hit'),
  details: z
    .record(stringKeySchema, stringKeySchema)
    .default({})
    .describe('Field label key → value key'),
  effects: effectsSchema,
});

/** A simulated police database (stolen documents, wanted persons, vehicles...). */
export const databaseSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema,
  fields: z.array(databaseFieldSchema).min(1).max(16),
  records: z.array(databaseRecordSchema).max(500).default([]),
  noMatch: stringKeySchema.describe('Text shown when no record matches'),
  when: expressionSchema.optional().describe('Available only while this holds'),
  takesSeconds: takesSecondsSchema.describe('Scenario seconds a query takes'),
  noMatchEffects: effectsSchema,
});
export type Database = z.infer<typeof databaseSchema>;

/**
 * One case of a decision: when the trainee takes the decision and `when` holds (checked before any
 * effect applies), the trainee goes to `to` (or stays) and `effects` apply after the decision's own.
 */
export const decisionCaseSchema = z.strictObject({
  when: expressionSchema.describe('This case applies when this holds (the first that holds wins)'),
  to: idSchema.optional().describe('Target state id; omitted to stay'),
  effects: effectsSchema,
});
export type DecisionCase = z.infer<typeof decisionCaseSchema>;

/** A decision offered to the trainee in a state (`decision.take`). */
export const decisionSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema,
  /** The UI asks for confirmation first. */
  irreversible: z.boolean().default(false),
  when: expressionSchema.optional(),
  /**
   * Where the decision leads when it depends on the situation: the first case whose `when` holds
   * chooses the target and adds its effects; when none holds, `to` and `effects` alone apply.
   */
  cases: z
    .array(decisionCaseSchema)
    .max(16)
    .default([])
    .describe('The first case whose condition holds chooses the target; `to` otherwise'),
  to: idSchema.optional().describe('Target state id (when no case holds); omitted to stay'),
  takesSeconds: takesSecondsSchema,
  effects: effectsSchema,
});
export type Decision = z.infer<typeof decisionSchema>;

/** The intents a flow transition can react to. */
export const intentEventSchema = z.enum([
  'scene.enter',
  'hotspot.use',
  'question.ask',
  'database.query',
]);

/** A transition reacting to a trainee intent other than a decision. */
export const transitionSchema = z.strictObject({
  on: intentEventSchema,
  /** Scene, hotspot, question or database id the intent must name. */
  ref: idSchema,
  /** For `database.query`: the record id that must match, or `none` for no match. */
  record: idSchema.optional(),
  when: expressionSchema.optional(),
  to: idSchema.optional(),
  effects: effectsSchema,
});
export type Transition = z.infer<typeof transitionSchema>;

/** A timer on the scenario clock, started when its state is entered. */
export const timerSchema = z.strictObject({
  id: idSchema,
  afterSeconds: z.number().int().min(1).max(86_400),
  /** Shown to the trainee beside the clock, as a deadline or a wait (`kind`). */
  label: stringKeySchema.optional(),
  /**
   * What the trainee is told the timer is: a `deadline` to act before, or a `wait` for something
   * expected (a reply, a decision), which is no threat and is shown differently.
   */
  kind: z
    .enum(['deadline', 'wait'])
    .default('deadline')
    .describe('A deadline to act before, or a wait for something expected (a reply)'),
  visible: z.boolean().default(true),
  to: idSchema.optional(),
  effects: effectsSchema,
});
export type Timer = z.infer<typeof timerSchema>;

/** A person an inject brings into a scene, where the trainee can then meet and interview them. */
export const arrivalSchema = z.strictObject({
  person: idSchema.describe('Person id'),
  scene: idSchema.describe('Scene id where the person now is'),
});

/**
 * An inject: something the instructor's station sends into a running session ("the suspect's
 * lawyer has arrived"). It is received at most once per session, only while `when` holds; it
 * applies its effects, brings people into scenes and starts its timers (on the scenario clock,
 * from the moment it is received). It is logged in the trainee's chain as an event attributed to
 * the station and replayed exactly.
 */
export const injectSchema = z.strictObject({
  id: idSchema,
  label: stringKeySchema.describe("The inject's name in the instructor's list and the debrief"),
  description: stringKeySchema.optional().describe('What it does, for the instructor choosing it'),
  when: expressionSchema.optional().describe('May be sent only while this holds'),
  effects: effectsSchema,
  people: z.array(arrivalSchema).max(16).default([]).describe('People who arrive in a scene'),
  timers: z
    .array(timerSchema)
    .max(8)
    .default([])
    .describe('Timers started when the inject is received; `to` moves the flow when one fires'),
});
export type Inject = z.infer<typeof injectSchema>;

/** Outcome of a final state, shown at the debrief. */
export const outcomeSchema = z.strictObject({
  title: stringKeySchema,
  debrief: stringKeySchema,
  rating: z.enum(['success', 'partial', 'failure']),
});

/** A flow state. State ids are unique across the whole flow; `to` names one. */
export interface StateInput {
  type?: 'normal' | 'parallel' | 'final' | undefined;
  /** The state's name in the instructor's debrief (the scenario graph, time per phase). */
  label?: string | undefined;
  description?: string | undefined;
  /** Scene the trainee is moved to on entry. */
  scene?: string | undefined;
  /** Objectives shown while this state is active. */
  objectives?: string[] | undefined;
  initial?: string | undefined;
  states?: Record<string, StateInput> | undefined;
  entry?: Effect[] | undefined;
  decisions?: z.input<typeof decisionSchema>[] | undefined;
  transitions?: z.input<typeof transitionSchema>[] | undefined;
  timers?: z.input<typeof timerSchema>[] | undefined;
  /** Offers to wait (the string key of its label) while one of this state's timers runs. */
  wait?: string | undefined;
  outcome?: z.infer<typeof outcomeSchema> | undefined;
}

/** A parsed flow state (defaults applied). */
export interface FlowState {
  type: 'normal' | 'parallel' | 'final';
  label?: string | undefined;
  description?: string | undefined;
  scene?: string | undefined;
  objectives: string[];
  initial?: string | undefined;
  states: Record<string, FlowState>;
  entry: Effect[];
  decisions: Decision[];
  transitions: Transition[];
  timers: Timer[];
  wait?: string | undefined;
  outcome?: z.infer<typeof outcomeSchema> | undefined;
}

export const stateSchema: z.ZodType<FlowState, StateInput> = z.lazy(() =>
  z.strictObject({
    type: z.enum(['normal', 'parallel', 'final']).default('normal'),
    label: stringKeySchema
      .optional()
      .describe("The state's name in the instructor's debrief; its id when left out"),
    description: z.string().max(2000).optional(),
    scene: idSchema.optional(),
    objectives: z.array(stringKeySchema).max(32).default([]),
    initial: idSchema.optional(),
    states: z.record(idSchema, stateSchema).default({}),
    entry: effectsSchema,
    decisions: z.array(decisionSchema).max(32).default([]),
    transitions: z.array(transitionSchema).max(128).default([]),
    timers: z.array(timerSchema).max(16).default([]),
    wait: stringKeySchema
      .optional()
      .describe(
        "Label of a way to wait, offered while one of this state's timers runs: the scenario clock moves to the next timer",
      ),
    outcome: outcomeSchema.optional(),
  }),
);

/** The flow: top-level states; top-level `final` states with an `outcome` end the session. */
export const flowSchema = z.strictObject({
  initial: idSchema,
  states: z.record(idSchema, stateSchema),
});

/** Localized texts: `strings.<locale>.<key>`. Texts may contain `{law.name}` or `{variable}`. */
export const stringsSchema = z.record(
  localeSchema,
  z.record(stringKeySchema, z.string().max(limits.maxStringLength)),
);

/**
 * A picture that differs per language (a notice, a form laid out right to left): `file` is the one
 * the pack's fields name and every other language sees; `locales` gives the file each language
 * sees instead. A language without its own version (`pt-BR`) takes its base language's (`pt`).
 */
export const localizedAssetSchema = z.strictObject({
  file: assetPathSchema.describe('The file as the pack names it (background, portrait, image)'),
  locales: z
    .record(localeSchema, assetPathSchema)
    .describe('Locale → the file shown in that language instead'),
});
export type LocalizedAsset = z.infer<typeof localizedAssetSchema>;

/** The whole scenario file. */
export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(1),
  meta: metaSchema,
  locales: z.array(localeSchema).min(1).max(16),
  defaultLocale: localeSchema,
  strings: stringsSchema,
  variants: z.array(variantSchema).min(1).max(16),
  parameters: z
    .record(idSchema, parameterSchema)
    .default({})
    .describe('Every legal parameter of the variants, with its label'),
  facts: z.array(factSchema).max(16).default([]),
  variables: z.record(idSchema, variableSchema).default({}),
  random: z.array(randomDrawSchema).max(16).default([]),
  scenes: z.array(sceneSchema).min(1).max(64),
  initialScene: idSchema.optional().describe('Defaults to the first scene'),
  people: z.array(personSchema).max(64).default([]),
  evidence: z.array(evidenceSchema).max(256).default([]),
  databases: z.array(databaseSchema).max(16).default([]),
  localizedAssets: z
    .array(localizedAssetSchema)
    .max(256)
    .default([])
    .describe('Pictures that differ per language, with their fallback'),
  flow: flowSchema,
  injects: z
    .array(injectSchema)
    .max(64)
    .default([])
    .describe("What the instructor's station may send into a running session"),
});

/** A scenario after parsing (defaults applied). */
export type Scenario = z.infer<typeof scenarioSchema>;
/** A scenario as written by an author. */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** The JSON Schema published for editors (draft 2020-12). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, {
    io: 'input',
    cycles: 'ref',
    unrepresentable: 'any',
  });
}

/** The JSON Schema as published in `scenarios/casefile.schema.json`, with its id and title. */
export function publishedJsonSchema(): Record<string, unknown> {
  return {
    ...scenarioJsonSchema(),
    $id: 'https://casefile.local/scenarios/casefile.schema.json',
    title: 'Casefile scenario',
  };
}
