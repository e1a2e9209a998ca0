/**
 * The studio's bot run as a worker job: the main process sends the pack's folder and the very
 * text of its scenario file it has loaded (so the bots play the revision the author sees), the
 * worker loads it with the same loader (the pack is untrusted there too), plays the bots and lays
 * out their flow, reporting how many have played.
 */
import type { StudioBotRequest, StudioBotRun } from '../../core/authoring/types';
import { workerJob } from '../worker/protocol';
import type { PackText } from './packText';

export interface BotJobInput extends PackText {
  request: StudioBotRequest;
  locale: string;
}

/** How many bots have played, of how many. */
export interface BotJobProgress {
  played: number;
  count: number;
}

export const botJob = workerJob<BotJobInput, BotJobProgress, StudioBotRun>(
  'studioBots',
  'studio/botWorker.ts',
);
