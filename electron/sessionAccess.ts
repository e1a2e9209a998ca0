/**
 * Who may reach which session through the `session:*` channels. A classroom workstation is
 * shared, so the trainee signed in on it reaches only their own sessions of this workstation;
 * sessions imported from other workstations are never reachable here (the instructor reads them
 * through the debrief); a practice session forked by the instructor is reachable only while
 * instructor mode is open; the studio's play-tests live in memory and are the studio's.
 */
import type { SessionSnapshot, TraineeIdentity } from '../core/api/contract';
import type { Handlers } from '../core/api/dispatch';
import { ApiError } from '../core/api/envelope';
import type { SessionService } from './sessionService';
import type { Playtests } from './studio/playtests';
import type { Store } from './store';

type SessionChannel = Extract<keyof Handlers, `session:${string}` | `trainee:${string}`>;
export type SessionHandlers = Pick<Handlers, SessionChannel>;

export interface SessionAccessOptions {
  store: Pick<Store, 'session' | 'workstationId'>;
  sessions: Pick<
    SessionService,
    'start' | 'act' | 'get' | 'setLocale' | 'resumable' | 'resume' | 'abandon' | 'isPractice'
  >;
  playtests: Pick<Playtests, 'owns' | 'act' | 'get' | 'setLocale' | 'end' | 'review'>;
  review: Handlers['session:review'];
  /** True while instructor mode is open (never extends it). */
  instructorUnlocked: () => boolean;
  /** Called when an instructor plays a session inside the station (a fork, a play-test). */
  instructorActivity?: () => void;
}

/** The `session:*` and `trainee:*` channels, each checking whose session it is first. */
export function createSessionHandlers(options: SessionAccessOptions): SessionHandlers {
  const { store, sessions, playtests } = options;
  let signedIn: TraineeIdentity | null = null;
  /** Who a session of this workstation belongs to: fixed once written, so kept. */
  const owners = new Map<string, TraineeIdentity & { practice: boolean }>();

  const ownerOf = (sessionId: string) => {
    let owner = owners.get(sessionId);
    if (!owner) {
      // Only this workstation's sessions: an imported one is not found here, whoever asks.
      const summary = store.session(sessionId, store.workstationId);
      if (!summary) return null;
      owner = {
        trainee: summary.trainee,
        cohort: summary.cohort,
        practice: sessions.isPractice(sessionId),
      };
      owners.set(sessionId, owner);
    }
    return owner;
  };

  /**
   * Refuses unless the session is the signed-in trainee's (or an open station's practice); an
   * action in a practice session is the instructor's, and keeps the mode open.
   */
  const check = (sessionId: string, action = false): void => {
    const owner = ownerOf(sessionId);
    if (owner?.practice) {
      if (!options.instructorUnlocked())
        throw new ApiError('locked', 'This practice session belongs to instructor mode.');
      if (action) options.instructorActivity?.();
      return;
    }
    if (
      !owner ||
      !signedIn ||
      owner.trainee !== signedIn.trainee ||
      owner.cohort !== signedIn.cohort
    )
      // The same answer whether the session exists or not: another trainee's ids stay private.
      throw new ApiError('not-found', `No session ${sessionId} for the trainee signed in here.`);
  };

  const inPlaytest = (sessionId: string): boolean => {
    if (!playtests.owns(sessionId)) return false;
    options.instructorActivity?.();
    return true;
  };

  return {
    'trainee:signIn': (who) => {
      signedIn = { trainee: who.trainee, cohort: who.cohort };
      return null;
    },
    'trainee:signOut': () => {
      signedIn = null;
      return null;
    },
    'session:start': (request): Promise<SessionSnapshot> => {
      if (!signedIn) throw new ApiError('refused', 'Sign in before starting a session.');
      if (request.trainee !== signedIn.trainee || request.cohort !== signedIn.cohort)
        throw new ApiError(
          'refused',
          `A session can be started only for the trainee signed in here (${signedIn.trainee}, class ${signedIn.cohort}).`,
        );
      return sessions.start(request);
    },
    'session:act': (sessionId, intent) => {
      if (inPlaytest(sessionId)) return playtests.act(sessionId, intent);
      check(sessionId, true);
      return sessions.act(sessionId, intent);
    },
    'session:get': (sessionId) => {
      if (playtests.owns(sessionId)) return playtests.get(sessionId);
      check(sessionId);
      return sessions.get(sessionId);
    },
    'session:setLocale': (sessionId, locale) => {
      if (playtests.owns(sessionId)) return playtests.setLocale(sessionId, locale);
      check(sessionId);
      return sessions.setLocale(sessionId, locale);
    },
    'session:resumable': async () => {
      const who = signedIn;
      if (!who) return [];
      return (await sessions.resumable()).filter((session) => {
        const owner = ownerOf(session.sessionId);
        return (
          owner !== null &&
          !owner.practice &&
          owner.trainee === who.trainee &&
          owner.cohort === who.cohort
        );
      });
    },
    'session:resume': (sessionId) => {
      check(sessionId);
      return sessions.resume(sessionId);
    },
    'session:abandon': (sessionId) => {
      if (inPlaytest(sessionId)) {
        playtests.end(sessionId);
        return null;
      }
      check(sessionId, true);
      return sessions.abandon(sessionId);
    },
    'session:review': (sessionId, locale) => {
      if (playtests.owns(sessionId)) return playtests.review(sessionId, locale);
      check(sessionId);
      return options.review(sessionId, locale);
    },
  };
}
