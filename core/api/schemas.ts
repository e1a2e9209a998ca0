/**
 * Runtime validation of every channel's arguments. The mapped type makes the table exhaustive:
 * a channel added to the contract without a schema does not compile.
 */
import { z } from 'zod';
import { uiLocales } from './contract';
import type { Channel, ChannelArgs } from './contract';

const localeSchema = z.enum(uiLocales);

const preferencesPatchSchema = z
  .object({
    locale: localeSchema,
    trainee: z.string().trim().max(120),
    cohort: z.string().trim().max(60),
  })
  .partial()
  .strict();

export const argumentSchemas: { [C in Channel]: z.ZodType<ChannelArgs<C>> } = {
  'app:info': z.tuple([]),
  'prefs:get': z.tuple([]),
  'prefs:set': z.tuple([preferencesPatchSchema]),
  'packs:list': z.tuple([localeSchema]),
};
