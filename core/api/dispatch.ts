/**
 * Dispatches one call from the renderer to its handler: checks the channel, validates the
 * arguments, runs the handler and wraps the outcome in an envelope. The Electron IPC wrapper and
 * the e2e harness both go through this, so tests exercise exactly what ships.
 */
import type { z } from 'zod';
import { isChannel } from './contract';
import { argumentSchemas } from './schemas';
import type { Channel, ChannelArgs, ChannelResult } from './contract';
import { ApiError } from './envelope';
import type { Envelope } from './envelope';

/** The main-process implementation of the contract: one function per channel. */
export type Handlers = {
  [C in Channel]: (...args: ChannelArgs<C>) => ChannelResult<C> | Promise<ChannelResult<C>>;
};

/** Called for failures that are not the caller's fault, so they are not lost. */
export type ErrorReporter = (channel: string, error: unknown) => void;

function describeIssues(issues: z.core.$ZodIssue[]) {
  return issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(arguments)',
    message: issue.message,
  }));
}

/**
 * Validates and runs one call. Never throws: every failure becomes an error envelope.
 *
 * @param handlers the contract's implementation
 * @param channel the channel as received (untrusted)
 * @param args the argument list as received (untrusted)
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  args: unknown,
  reportError: ErrorReporter = () => undefined,
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: { code: 'unknown-channel', message: `No such channel: ${String(channel)}` },
    };
  }
  const parsed = argumentSchemas[channel].safeParse(args);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-arguments',
        message: `Invalid arguments for ${channel}`,
        issues: describeIssues(parsed.error.issues),
      },
    };
  }
  try {
    const handler = handlers[channel] as (...values: unknown[]) => unknown;
    const result = await handler(...(parsed.data as unknown[]));
    return { ok: true, result };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toData() };
    reportError(channel, error);
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message } };
  }
}
