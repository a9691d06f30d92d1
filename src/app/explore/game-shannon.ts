/**
 * Shannon's variant of "You are the model", without React: the student guesses the next token one
 * at a time until right; the number of guesses is the true token's rank in the student's order.
 * The frequencies and the bounds are src/math/shannon.ts's; the model's guess counts are its ranks
 * of the true tokens, read from the engine's result.
 *
 * After MAX_GUESSES wrong guesses, or "Give up", a position counts as GAVE_UP = 21 guesses: "more
 * than 20". Its real count could be larger; moving a position to a larger count can only raise
 * both bounds (the upper one, −Σ q_i log q_i, grows when a class is split; the lower one is
 * Σ_i q_i·(i log i − (i−1) log(i−1)), and i log i − (i−1) log(i−1) grows with i), so the
 * student's bounds are, if anything, too low because of the cap.
 */
import {
  rankFrequencies,
  shannonBounds,
  guessFrequencies,
  type InfoUnit,
  type ShannonBounds,
} from '../../math';
import type { XentResult } from '../../math';
import { csvCell, type GamePosition } from './game-model';

/** Wrong guesses allowed at a position before it counts as "more than 20". */
export const MAX_GUESSES = 20;
/** The guess count of a position given up: one past MAX_GUESSES. */
export const GAVE_UP = MAX_GUESSES + 1;

/** One position played in Shannon's game. */
export interface ShannonRound {
  position: GamePosition;
  /** The ids guessed, in order; the last is the true token unless the student gave up. */
  guesses: number[];
  /** 1 … MAX_GUESSES, or GAVE_UP. */
  count: number;
  /** Whether the model's top 10 were shown at this position. */
  hinted: boolean;
}

/** Where a position stands after the guesses so far. */
export type GuessState =
  | { kind: 'guessing'; wrong: number }
  | { kind: 'right'; count: number }
  | { kind: 'gave-up'; count: typeof GAVE_UP };

/** The state after `guesses` at a position whose true token is `target`. */
export function guessState(guesses: readonly number[], target: number): GuessState {
  const at = guesses.indexOf(target);
  if (at >= 0) return { kind: 'right', count: at + 1 };
  if (guesses.length >= MAX_GUESSES) return { kind: 'gave-up', count: GAVE_UP };
  return { kind: 'guessing', wrong: guesses.length };
}

/** Guess counts per class: counts[i − 1] positions right at guess i (i = 1…20), counts[20] more than 20. */
export function guessClasses(counts: readonly number[]): number[] {
  const classes = new Array<number>(GAVE_UP).fill(0);
  for (const g of counts) classes[Math.min(g, GAVE_UP) - 1]! += 1;
  return classes;
}

export interface ShannonSummary {
  /** Positions played. */
  n: number;
  student: { classes: number[]; bounds: ShannonBounds };
  /**
   * The model at the same positions: its ranks by class (ranks above 20 in the last), its bounds
   * from the ranks as they are, and from the ranks capped at GAVE_UP as the student's counts are.
   */
  model: { classes: number[]; bounds: ShannonBounds; capped: ShannonBounds };
}

/** Both sides' guess counts and Shannon's bounds over the rounds, in `unit`. */
export function shannonSummary(
  rounds: readonly ShannonRound[],
  result: XentResult,
  unit: InfoUnit,
): ShannonSummary {
  const counts = rounds.map((r) => r.count);
  const ranks = rounds.map((r) => result.tokens[r.position.row]?.rank ?? NaN);
  return {
    n: rounds.length,
    student: { classes: guessClasses(counts), bounds: shannonBounds(guessFrequencies(counts), unit) },
    model: {
      classes: guessClasses(ranks),
      bounds: shannonBounds(rankFrequencies(ranks), unit),
      capped: shannonBounds(rankFrequencies(ranks.map((r) => Math.min(r, GAVE_UP))), unit),
    },
  };
}

/** Shannon's game as the JSON export: the bounds both ways, in `unit`, and a row per position. */
export interface ShannonExport {
  game: 'shannon';
  unit: InfoUnit;
  /** Positions right at guess i, for i = 1…20, then "more than 20" (given up). */
  student: { classes: number[]; lower: number; upper: number };
  /** The model's ranks of the same tokens, by the same classes; its bounds, and with ranks capped at 21. */
  model: { classes: number[]; lower: number; upper: number; cappedLower: number; cappedUpper: number };
  tokens: {
    batch: number;
    position: number;
    target: number;
    token: string | null;
    /** 1…20, or 21 for a position given up ("more than 20"). */
    guesses: number;
    gaveUp: boolean;
    /** The ids guessed, in order. */
    guessed: number[];
    modelRank: number | null;
    hinted: boolean;
  }[];
}

export function shannonExport(
  rounds: readonly ShannonRound[],
  result: XentResult,
  unit: InfoUnit,
  decode: ((id: number) => string) | null,
): ShannonExport {
  const { student, model } = shannonSummary(rounds, result, unit);
  return {
    game: 'shannon',
    unit,
    student: { classes: student.classes, ...student.bounds },
    model: {
      classes: model.classes,
      ...model.bounds,
      cappedLower: model.capped.lower,
      cappedUpper: model.capped.upper,
    },
    tokens: rounds.map((r) => ({
      batch: r.position.b,
      position: r.position.t,
      target: r.position.target,
      token: decode ? decode(r.position.target) : null,
      guesses: r.count,
      gaveUp: r.count === GAVE_UP,
      guessed: [...r.guesses],
      modelRank: result.tokens[r.position.row]?.rank ?? null,
      hinted: r.hinted,
    })),
  };
}

/** The CSV's columns: one row per position, as the JSON's tokens (the guesses as ids, space-separated). */
export const SHANNON_CSV_COLUMNS = [
  'batch',
  'position',
  'target',
  'token',
  'guesses',
  'gaveUp',
  'guessed',
  'modelRank',
  'hinted',
] as const;

/** Shannon's game as CSV ("\r\n" line ends), cells as the bet game's (game-model.ts csvCell). */
export function shannonCsv(exported: ShannonExport): string {
  const rows = exported.tokens.map((t) =>
    [t.batch, t.position, t.target, t.token, t.guesses, t.gaveUp, t.guessed.join(' '), t.modelRank, t.hinted]
      .map(csvCell)
      .join(','),
  );
  return [SHANNON_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
