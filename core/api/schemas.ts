/**
 * Runtime validation of every channel's arguments. The mapped type makes the table exhaustive:
 * a channel added to the contract without a schema does not compile.
 */
import { z } from 'zod';
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

export const argumentSchemas: { [C in Channel]: z.ZodType<ChannelArgs<C>> } = {
  'app:info': z.tuple([]),
  'prefs:get': z.tuple([]),
  'prefs:set': z.tuple([preferencesPatchSchema]),
  'packs:list': z.tuple([localeSchema]),
  'packs:detail': z.tuple([packFolderSchema, localeSchema]),
};
