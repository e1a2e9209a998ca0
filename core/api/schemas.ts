/**
 * Runtime validation of every channel's arguments. The mapped type makes the table exhaustive:
 * a channel added to the contract without a schema does not compile.
 */
import * as z from 'zod';
import { reportLabelKeys, type ReportLabels } from '../debrief/report';
import { maxStationMessageLength } from '../session/injects';
import { uiLocales } from './contract';
import type { Channel, ChannelArgs } from './contract';

const localeSchema = z.enum(uiLocales);

/** A pack is named by its folder: one path segment, no traversal, no hidden folders. */
const packFolderSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a pack folder name (letters, digits, . _ -)');

const preferencesPatchSchema = z
  .object({
    locale: localeSchema,
    trainee: z.string().trim().max(120),
    cohort: z.string().trim().max(60),
  })
  .partial()
  .strict();

const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id');
const sessionIdSchema = z.string().uuid('a session id (UUID)');

/** The trainee intents the runtime understands; anything else is refused before it is logged. */
const intentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('scene.enter'), scene: idSchema }),
  z.strictObject({ type: z.literal('hotspot.use'), hotspot: idSchema }),
  z.strictObject({ type: z.literal('question.ask'), person: idSchema, question: idSchema }),
  z.strictObject({
    type: z.literal('database.query'),
    database: idSchema,
    fields: z
      .record(idSchema, z.string().max(200))
      .refine((fields) => Object.keys(fields).length <= 16, 'at most 16 fields'),
  }),
  z.strictObject({
    type: z.literal('decision.take'),
    decision: idSchema,
    state: idSchema.optional(),
  }),
  z.strictObject({ type: z.literal('note.add'), text: z.string().min(1).max(4000) }),
  z.strictObject({ type: z.literal('time.wait') }),
  z.strictObject({ type: z.literal('session.pause') }),
  z.strictObject({ type: z.literal('session.resume') }),
]);

const startRequestSchema = z.strictObject({
  folder: packFolderSchema,
  variant: idSchema,
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a locale tag'),
  trainee: z.string().trim().min(1).max(120),
  cohort: z.string().trim().min(1).max(60),
});

const classSetupSchema = z.strictObject({
  variant: idSchema.nullable(),
  facts: z.record(idSchema, z.union([z.boolean(), z.number(), z.string().max(200)])),
});

const passphraseSchema = z.string().min(1).max(1024);
const workstationIdSchema = z.string().min(1).max(64);
/**
 * A path on the instructor's machine, as the preload reads it from a picked or dropped file:
 * absolute (POSIX, a Windows drive or a UNC share), without NUL. Whether it names an existing
 * file is checked where files are read (electron/importPaths.ts).
 */
const localPathSchema = z
  .string()
  .min(1)
  .max(4096, 'a path of at most 4096 characters')
  .refine((path) => !path.includes('\0'), 'a path without NUL characters')
  .refine(
    (path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\'),
    'an absolute path',
  );
const importPathsSchema = z.array(localPathSchema).min(1, 'at least one path').max(200);
const sessionQuerySchema = z.strictObject({
  cohort: z.string().max(60).optional(),
  scenarioId: z.string().max(100).optional(),
  trainee: z.string().max(120).optional(),
  startedFrom: z.number().int().nonnegative().optional(),
  startedBefore: z.number().int().nonnegative().optional(),
});
const cohortRequestSchema = z.strictObject({
  scenarioId: z.string().min(1).max(100),
  cohort: z.string().min(1).max(60),
});

/** Every label a printed report needs, each a short text from the renderer's catalogue. */
const reportLabelsSchema = z.strictObject(
  Object.fromEntries(reportLabelKeys.map((key) => [key, z.string().min(1).max(200)])) as {
    [K in keyof ReportLabels]: z.ZodString;
  },
);

/** A studio pack is named by its id, never by a path. */
const studioPackIdSchema = z.string().regex(/^@studio-[0-9a-f]{16}$/, 'a studio pack id');
/** A new pack's folder name: one path segment, no traversal, no hidden folders. */
const studioPackNameSchema = packFolderSchema.max(64);
const coordinate = z.number().finite().min(0).max(100_000);
const shapeSchema = z.union([
  z.strictObject({
    rect: z.strictObject({
      x: coordinate,
      y: coordinate,
      width: coordinate.positive(),
      height: coordinate.positive(),
    }),
  }),
  z.strictObject({
    polygon: z
      .array(z.tuple([coordinate, coordinate]))
      .min(3)
      .max(64),
  }),
]);
const stringKeySchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,127}$/, 'a string key');
const textLocaleSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a locale tag');
const stringEntrySchema = z.strictObject({
  locale: textLocaleSchema,
  key: stringKeySchema,
  text: z.string().max(20_000),
});
const studioEditSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('hotspot.shape'),
    scene: idSchema,
    hotspot: idSchema,
    before: shapeSchema,
    after: shapeSchema,
  }),
  z.strictObject({
    kind: z.literal('hotspot.add'),
    scene: idSchema,
    hotspot: idSchema,
    shape: shapeSchema,
    label: stringEntrySchema,
  }),
  z.strictObject({
    kind: z.literal('hotspot.remove'),
    scene: idSchema,
    hotspot: idSchema,
    shape: shapeSchema,
    label: stringEntrySchema,
  }),
  z.strictObject({
    kind: z.literal('string.set'),
    locale: textLocaleSchema,
    key: stringKeySchema,
    before: z.string().max(20_000).nullable(),
    after: z.string().max(20_000).nullable(),
  }),
]);
const scalarSchema = z.union([z.boolean(), z.number().finite(), z.string().max(1000)]);
const playtestSetupSchema = z.strictObject({
  state: idSchema.nullable(),
  variant: idSchema,
  locale: textLocaleSchema,
  facts: z.record(idSchema, scalarSchema),
  draws: z.record(idSchema, scalarSchema),
  variables: z.record(idSchema, scalarSchema),
  evidence: z.array(idSchema).max(256).nullable(),
});
const botRequestSchema = z.strictObject({
  count: z.number().int().min(1).max(1000),
  strategy: z.enum(['random', 'greedy', 'worst']),
  variant: idSchema.nullable(),
  paceSeconds: z
    .tuple([z.number().min(0).max(3600), z.number().min(0).max(3600)])
    .refine(([low, high]) => low <= high, 'the slowest pace after the fastest'),
});

const liveActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('inject'), inject: idSchema }),
  z.strictObject({
    kind: z.literal('message'),
    text: z.string().trim().min(1).max(maxStationMessageLength),
  }),
]);
const sessionListSchema = z.array(sessionIdSchema).min(1).max(500);
/** The LRS settings: addresses as text (checked where they are used), a password only when new. */
const xapiSettingsSchema = z.strictObject({
  endpoint: z.string().max(2000),
  username: z.string().max(500),
  password: z.string().max(1000).optional(),
  homePage: z.string().max(2000),
  content: z.strictObject({
    decisions: z.boolean(),
    evidence: z.boolean(),
    criticalErrors: z.boolean(),
    outcome: z.boolean(),
    caseFacts: z.boolean(),
  }),
});

export const argumentSchemas: { [C in Channel]: z.ZodType<ChannelArgs<C>> } = {
  'app:info': z.tuple([]),
  'prefs:get': z.tuple([]),
  'prefs:set': z.tuple([preferencesPatchSchema]),
  'packs:list': z.tuple([localeSchema]),
  'packs:detail': z.tuple([packFolderSchema, localeSchema]),
  'trainee:signIn': z.tuple([
    z.strictObject({
      trainee: z.string().trim().min(1).max(120),
      cohort: z.string().trim().min(1).max(60),
    }),
  ]),
  'trainee:signOut': z.tuple([]),
  'session:start': z.tuple([startRequestSchema]),
  'session:act': z.tuple([sessionIdSchema, intentSchema]),
  'session:get': z.tuple([sessionIdSchema]),
  'session:setLocale': z.tuple([sessionIdSchema, localeSchema]),
  'session:resumable': z.tuple([]),
  'session:resume': z.tuple([sessionIdSchema]),
  'session:abandon': z.tuple([sessionIdSchema]),
  'session:review': z.tuple([sessionIdSchema, localeSchema]),
  'instructor:status': z.tuple([]),
  'instructor:setup': z.tuple([passphraseSchema]),
  'instructor:unlock': z.tuple([passphraseSchema]),
  'instructor:lock': z.tuple([]),
  'instructor:change': z.tuple([passphraseSchema, passphraseSchema]),
  'setup:list': z.tuple([localeSchema]),
  'setup:save': z.tuple([packFolderSchema, classSetupSchema]),
  'debrief:import': z.tuple([importPathsSchema]),
  'debrief:sessions': z.tuple([sessionQuerySchema]),
  'debrief:cohorts': z.tuple([]),
  'debrief:names': z.tuple([localeSchema]),
  'debrief:session': z.tuple([sessionIdSchema, workstationIdSchema, localeSchema]),
  'debrief:addNote': z.tuple([
    z.strictObject({
      sessionId: sessionIdSchema,
      workstationId: workstationIdSchema,
      seq: z.number().int().positive(),
      text: z.string().trim().min(1).max(4000),
    }),
  ]),
  'debrief:cohort': z.tuple([cohortRequestSchema, localeSchema]),
  'debrief:exportCsv': z.tuple([sessionQuerySchema]),
  'debrief:checkSeals': z.tuple([
    sessionQuerySchema,
    z
      .array(
        z.strictObject({
          sessionId: sessionIdSchema,
          workstationId: workstationIdSchema,
          seal: z.string().max(40),
        }),
      )
      .max(10_000),
  ]),
  'debrief:replay': z.tuple([sessionIdSchema, workstationIdSchema, z.number().int().positive()]),
  'debrief:fork': z.tuple([sessionIdSchema, workstationIdSchema, z.number().int().positive()]),
  'debrief:exportPdf': z.tuple([
    z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('trainee'),
        sessionId: sessionIdSchema,
        workstationId: workstationIdSchema,
      }),
      z.strictObject({
        kind: z.literal('cohort'),
        scenarioId: z.string().min(1).max(100),
        cohort: z.string().min(1).max(60),
      }),
    ]),
    localeSchema,
    reportLabelsSchema,
  ]),
  'live:start': z.tuple([z.string().trim().max(60)]),
  'live:stop': z.tuple([]),
  'live:class': z.tuple([localeSchema]),
  'live:preview': z.tuple([sessionListSchema, liveActionSchema, localeSchema]),
  'live:send': z.tuple([sessionListSchema, liveActionSchema]),
  'live:pause': z.tuple([z.boolean()]),
  'live:discover': z.tuple([]),
  'live:join': z.tuple([
    z.strictObject({
      address: z.string().trim().min(1).max(260),
      code: z.string().trim().min(1).max(40),
    }),
  ]),
  'live:leave': z.tuple([]),
  'live:link': z.tuple([]),
  'xapi:settings': z.tuple([]),
  'xapi:save': z.tuple([xapiSettingsSchema]),
  'xapi:test': z.tuple([xapiSettingsSchema]),
  'xapi:outbox': z.tuple([]),
  'xapi:retry': z.tuple([z.array(z.string().uuid('a statement id (UUID)')).max(10_000).nullable()]),
  'xapi:send': z.tuple([]),
  'xapi:export': z.tuple([]),
  'studio:packs': z.tuple([localeSchema]),
  'studio:create': z.tuple([studioPackNameSchema]),
  'studio:open': z.tuple([]),
  'studio:forget': z.tuple([studioPackIdSchema]),
  'studio:load': z.tuple([studioPackIdSchema, localeSchema]),
  'studio:close': z.tuple([]),
  'studio:edit': z.tuple([
    studioPackIdSchema,
    z.string().regex(/^[0-9a-f]{64}$/),
    studioEditSchema,
  ]),
  'studio:undo': z.tuple([studioPackIdSchema]),
  'studio:redo': z.tuple([studioPackIdSchema]),
  'studio:arrival': z.tuple([studioPackIdSchema, playtestSetupSchema]),
  'studio:playtest': z.tuple([studioPackIdSchema, playtestSetupSchema]),
  'studio:inspect': z.tuple([sessionIdSchema]),
  'studio:bots': z.tuple([studioPackIdSchema, botRequestSchema, localeSchema]),
  'studio:stopBots': z.tuple([]),
  'studio:botsFlow': z.tuple([studioPackIdSchema, localeSchema]),
};
