/**
 * The `xapi:*` channels: the LRS settings, the connection test and the outbox, for the instructor
 * only (each refuses with `locked` unless instructor mode is unlocked, checked here).
 */
import type { Handlers } from '../../core/api/dispatch';
import { ApiError } from '../../core/api/envelope';
import type { XapiService } from './service';

type XapiChannel = Extract<keyof Handlers, `xapi:${string}`>;

export function createXapiHandlers(options: {
  service: XapiService;
  isUnlocked: () => boolean;
}): Pick<Handlers, XapiChannel> {
  const { service } = options;
  const unlocked = (): void => {
    if (!options.isUnlocked()) throw new ApiError('locked', 'Instructor mode is locked.');
  };
  return {
    'xapi:settings': () => {
      unlocked();
      return service.settings();
    },
    'xapi:save': (settings) => {
      unlocked();
      return service.save(settings);
    },
    'xapi:test': (settings) => {
      unlocked();
      return service.test(settings);
    },
    'xapi:outbox': () => {
      unlocked();
      return service.outbox();
    },
    'xapi:retry': (ids) => {
      unlocked();
      return service.retry(ids);
    },
    'xapi:send': () => {
      unlocked();
      service.sendNow();
      return service.outbox();
    },
    'xapi:export': () => {
      unlocked();
      return service.exportStatements();
    },
  };
}
