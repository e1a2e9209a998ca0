/** What the authoring studio's channels carry (see `core/api/contract.ts`). */
import type { FlowGraph } from '../debrief/graph';
import type { Diagnostic } from '../scenario/diagnostics';
import type { VariableValue } from '../scenario/machine';
import type { Shape } from '../scenario/schema';
import type { BotReport, BotStrategy } from './bots';
import type { StudioEdit } from './edits';
import type { Inspection, PlaytestSetup } from './playtest';

export type { BotReport, BotStrategy, Inspection, PlaytestSetup, StudioEdit };

/** A pack under development, as the studio lists it. */
export interface StudioPackEntry {
  /** Stable for the folder (`@studio-` and a digest of its real path). */
  id: string;
  /** The folder's name. */
  name: string;
  /** Where it is on this machine, for the author to recognise it. */
  path: string;
  /** Its title in the requested locale, when it loads. */
  title: string | null;
  /** In the studio's own folder (created here) rather than opened from elsewhere. */
  created: boolean;
}

/** The studio's list: packs under development, apart from the installed library. */
export interface StudioPacks {
  development: StudioPackEntry[];
  installed: { folder: string; title: string }[];
}

/** A text and where it sits in the scenario file. */
export interface Place {
  path: string;
  line: number;
  column: number;
}

/** A hotspot as the placement screen draws it. */
export interface StudioHotspot {
  id: string;
  labelKey: string;
  /** Its label as the trainee reads it in the requested locale. */
  label: string;
  shape: Shape;
  kind: 'object' | 'person' | 'exit';
  /** Shown only while a condition holds, or locked while one holds. */
  conditional: boolean;
  place: Place;
}

export interface StudioScene {
  id: string;
  label: string;
  /** The background, as a URL path the renderer can load (`packs/<pack id>/<path>`). */
  background: string;
  width: number;
  height: number;
  hotspots: StudioHotspot[];
  place: Place;
}

/** A flow state's texts in every language and its place, for the graph's selection. */
export interface StudioStateDetail {
  id: string;
  place: Place;
  /** Every text the state shows (label, objectives, decisions, timers, outcome), by key. */
  texts: { key: string; where: string; values: Record<string, string | null> }[];
}

/** One row of the strings table. */
export interface StudioStringRow {
  key: string;
  /** The text per locale; null where it is missing. */
  values: Record<string, string | null>;
  /** Where the scenario uses the key; empty when nothing does. */
  uses: Place[];
  place: Place | null;
}

/** Everything the studio shows of the open pack. */
export interface StudioState {
  pack: StudioPackEntry;
  /** Digest of the scenario file's text: an edit names the text it was made against. */
  revision: string;
  file: string;
  source: string;
  /** YAML files are edited in place; a JSON pack is shown but not written. */
  editable: boolean;
  diagnostics: Diagnostic[];
  /** The analysis' findings arrive after the file's own checks (it can take a second or two). */
  analysis:
    | {
        status: 'done';
        complete: boolean;
        explored: number;
        unreachable: string[];
        deadEnds: string[];
        outcomes: { id: string; rating: string; reachable: boolean; best: number | null }[];
        bestPath: { outcome: string; score: number; decisions: string[] } | null;
        scoreRange: Record<string, { min: number | null; max: number | null }>;
      }
    | { status: 'running' | 'unavailable' };
  graph: FlowGraph | null;
  states: StudioStateDetail[];
  scenes: StudioScene[];
  strings: { locales: string[]; defaultLocale: string; rows: StudioStringRow[] } | null;
  /** What a play-test setup chooses from. */
  setup: {
    defaultLocale: string;
    locales: string[];
    states: { id: string; label: string }[];
    variants: { id: string; label: string }[];
    facts: { id: string; label: string; choices: { value: VariableValue; label: string }[] }[];
    draws: { variable: string; choices: VariableValue[] }[];
    variables: { name: string; type: string; initial: VariableValue }[];
    evidence: { id: string; label: string }[];
    competencies: { id: string; label: string }[];
  } | null;
  undo: number;
  redo: number;
}

/** A run of bots as the studio shows it: the report, and the flow weighed by the bots' sessions. */
export interface StudioBotRun {
  report: Omit<BotReport, 'traces' | 'sessions'>;
  graph: FlowGraph | null;
  elapsedMs: number;
}

/** Options of a bot run, as the studio asks for it. */
export interface StudioBotRequest {
  count: number;
  strategy: BotStrategy;
  variant: string | null;
  paceSeconds: [number, number];
}

/** What arriving in a state gives, before the author adjusts it. */
export interface StudioArrival {
  variables: Record<string, VariableValue>;
  evidence: string[];
  scene: string;
}
