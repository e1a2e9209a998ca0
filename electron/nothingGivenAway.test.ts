/**
 * What a trainee is shown, in every language of every shipped pack, along the analysis' paths to
 * every outcome: every session view the handlers return and the review at the end. No case fact
 * (the hidden answer) is named in it, and no placeholder is left unfilled.
 */
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionReview, SessionSnapshot, UiLocale } from '../core/api/contract';
import { dispatch } from '../core/api/dispatch';
import type { Envelope } from '../core/api/envelope';
import { analyzeScenario } from '../core/analysis/analyze';
import type { OutcomePath } from '../core/analysis/paths';
import type { LoadedScenario } from '../core/scenario/loader';
import { seedForDraws } from '../core/session/runtime';
import { createHandlerHost } from './handlers';
import { ScenarioLibrary } from './scenarioLibrary';
import { temporaryFolder } from './store/testing';

const scenarios = resolve(import.meta.dirname, '..', 'scenarios');
const library = new ScenarioLibrary(scenarios);
const folders = library.folders();
const placeholder = /\{\{?[A-Za-z][\w.-]*\}?\}/;
const uiLocales: readonly string[] = ['en', 'fr', 'es', 'ar'];

const folder = temporaryFolder();
afterAll(() => folder.remove());

/** Every string inside a JSON value, with where it is. */
function strings(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value))
    return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}.${key}`));
  return [];
}

/** The texts that would name a case fact or one of its values, in `locale`. */
function factTexts(loaded: LoadedScenario, locale: string): string[] {
  const texts = loaded.scenario.strings[locale] ?? {};
  return loaded.scenario.facts.flatMap((fact) =>
    [fact.label, ...fact.choices.map((choice) => choice.label)].flatMap((key) =>
      texts[key] ? [texts[key]] : [],
    ),
  );
}

/** One path to each reachable outcome (the shortest and the highest scoring), with its seed. */
function plans(loaded: LoadedScenario): { outcome: string; path: OutcomePath; seed: number }[] {
  const found: { outcome: string; path: OutcomePath; seed: number }[] = [];
  for (const outcome of analyzeScenario(loaded).outcomes) {
    for (const path of [outcome.shortest, outcome.highestScoring]) {
      if (!path) continue;
      const seed = seedForDraws(loaded, path.variant, path.draws);
      if (seed !== null) found.push({ outcome: outcome.id, path, seed });
    }
  }
  return found;
}

/** A workstation with the shipped packs whose clock and seed the test sets. */
function workstation(name: string) {
  const at = { clock: 1_000_000, seed: 1 };
  let shown: unknown[] = [];
  let pushed: SessionSnapshot | null = null;
  const host = createHandlerHost({
    dataDir: join(folder.path, name),
    scenariosDir: scenarios,
    host: 'harness',
    version: 'test',
    tickMs: 0,
    now: () => at.clock,
    seed: () => at.seed,
    // What main pushes (a timer that fired) is shown too.
    emit: (event, payload) => {
      if (event !== 'session:changed') return;
      pushed = payload as SessionSnapshot;
      shown.push(payload);
    },
  });
  const call = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const envelope = (await dispatch(host.handlers, channel, args)) as Envelope<T>;
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
    shown.push(envelope.result);
    return envelope.result;
  };

  /** Plays `path` in `locale`; returns everything the trainee was sent. */
  const play = async (
    pack: string,
    locale: string,
    path: OutcomePath,
    seed: number,
  ): Promise<{ shown: unknown[]; outcome: string | null }> => {
    shown = [];
    at.seed = seed;
    const uiLocale = (uiLocales.includes(locale) ? locale : 'en') as UiLocale;
    await call('packs:detail', pack, uiLocale);
    let snapshot = await call<SessionSnapshot>('session:start', {
      folder: pack,
      variant: path.variant,
      locale,
      trainee: 'T-1',
      cohort: 'class-1',
    });
    for (const step of path.steps) {
      if (step.kind === 'timer') {
        const next = Math.min(
          ...host.sessions.pendingTimers(snapshot.sessionId).map((timer) => timer.inMs),
        );
        at.clock += next + 1;
        pushed = null;
        host.sessions.tick();
        expect(pushed, `${pack}: ${step.label} fired`).not.toBeNull();
        snapshot = pushed!;
      } else {
        snapshot = await call<SessionSnapshot>('session:act', snapshot.sessionId, step.intent);
      }
    }
    await call<SessionReview>('session:review', snapshot.sessionId, uiLocale);
    return { shown, outcome: snapshot.view.outcome?.id ?? null };
  };
  return { call, play, close: () => host.close() };
}

describe('nothing a trainee is shown gives the case away', () => {
  it.each(folders)(
    '%s: no case fact and no unfilled placeholder, in any language, on any way to any outcome',
    async (pack) => {
      const loaded = await library.require(pack);
      const planned = plans(loaded);
      expect(planned.length).toBeGreaterThan(0);
      const station = workstation(pack);
      await station.call('trainee:signIn', { trainee: 'T-1', cohort: 'class-1' });
      for (const locale of loaded.scenario.locales) {
        const forbidden = factTexts(loaded, locale);
        for (const { outcome, path, seed } of planned) {
          const { shown, outcome: reached } = await station.play(pack, locale, path, seed);
          expect(reached, `${pack} ${locale}: the path reaches ${outcome}`).toBe(outcome);
          for (const { path: where, text } of strings(shown)) {
            const at = `${pack} ${locale} ${outcome}: ${where}`;
            expect(text, at).not.toMatch(placeholder);
            for (const fact of forbidden) expect(text, at).not.toContain(fact);
          }
        }
      }
      station.close();
    },
    300_000,
  );
});
