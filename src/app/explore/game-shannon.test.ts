/**
 * Shannon's variant without React: when a position is over, the classes of guess counts, and the
 * bounds of a fixed game against Shannon's formulas computed here by hand.
 */
import { describe, expect, it } from 'vitest';
import { crossEntropyCpu, makeBatch } from '../../math';
import { gamePositions } from './game-model';
import {
  GAVE_UP,
  guessClasses,
  guessState,
  MAX_GUESSES,
  shannonCsv,
  shannonExport,
  shannonSummary,
  type ShannonRound,
} from './game-shannon';

describe('guessState', () => {
  it('is right at the guess that names the target, counting from 1', () => {
    expect(guessState([], 7)).toEqual({ kind: 'guessing', wrong: 0 });
    expect(guessState([1, 2], 7)).toEqual({ kind: 'guessing', wrong: 2 });
    expect(guessState([1, 2, 7], 7)).toEqual({ kind: 'right', count: 3 });
  });

  it('counts a position as more than 20 after 20 wrong guesses', () => {
    const wrong = Array.from({ length: MAX_GUESSES }, (_, i) => i + 100);
    expect(guessState(wrong.slice(0, 19), 7)).toEqual({ kind: 'guessing', wrong: 19 });
    expect(guessState(wrong, 7)).toEqual({ kind: 'gave-up', count: GAVE_UP });
    expect(GAVE_UP).toBe(21);
  });
});

describe('guessClasses', () => {
  it('puts counts 1–20 in their own class and everything above in “more than 20”', () => {
    const classes = guessClasses([1, 1, 3, 21, 49549]);
    expect(classes).toHaveLength(21);
    expect(classes[0]).toBe(2);
    expect(classes[2]).toBe(1);
    expect(classes[20]).toBe(2);
    expect(classes.reduce((a, b) => a + b, 0)).toBe(5);
  });
});

describe('shannonSummary', () => {
  // Five positions in one text, V = 4; the logits make the model's ranks 1, 2, 1, 4, 3.
  const rows = [
    [4, 3, 2, 1],
    [3, 4, 2, 1],
    [1, 2, 3, 4],
    [4, 3, 2, 1],
    [4, 3, 2, 1],
  ];
  const targets = [0, 0, 3, 3, 2];
  const result = crossEntropyCpu(makeBatch(new Float32Array(rows.flat()), [1, 5, 4], targets));
  const positions = gamePositions(result);
  // The student: right at guess 1, 1, 2, 3, and gave up once.
  const counts = [1, 1, 2, 3, GAVE_UP];
  const rounds: ShannonRound[] = positions.map((position, i) => ({
    position,
    guesses: [],
    count: counts[i]!,
    hinted: false,
  }));

  /** Shannon's bounds in bits, by hand: q_i from the counts, upper −Σ q log₂ q, lower Σ i (q_i − q_{i+1}) log₂ i. */
  function byHand(guesses: number[]): { lower: number; upper: number } {
    const M = Math.max(...guesses);
    const q = Array.from(
      { length: M + 1 },
      (_, i) => guesses.filter((g) => g === i + 1).length / guesses.length,
    );
    let upper = 0;
    let lower = 0;
    for (let i = 1; i <= M; i++) {
      const qi = q[i - 1]!;
      if (qi > 0) upper -= qi * Math.log2(qi);
      lower += i * (qi - q[i]!) * Math.log2(i);
    }
    return { lower, upper };
  }

  it('gives the student’s bounds in bits from the guess counts, by Shannon’s formulas', () => {
    const summary = shannonSummary(rounds, result, 'bits');
    const want = byHand(counts);
    expect(summary.n).toBe(5);
    expect(summary.student.bounds.upper).toBeCloseTo(want.upper, 12);
    expect(summary.student.bounds.lower).toBeCloseTo(want.lower, 12);
    // q = (2, 1, 1, …, 1)/5: upper = −(0.4 log₂ 0.4 + 3 · 0.2 log₂ 0.2).
    expect(summary.student.bounds.upper).toBeCloseTo(-(0.4 * Math.log2(0.4) + 3 * 0.2 * Math.log2(0.2)), 12);
    expect(summary.student.classes.slice(0, 3)).toEqual([2, 1, 1]);
    expect(summary.student.classes[20]).toBe(1);
  });

  it('gives the model’s bounds from its ranks, read from the result', () => {
    const ranks = result.tokens.map((t) => t.rank);
    expect(ranks).toEqual([1, 2, 1, 4, 3]);
    const summary = shannonSummary(rounds, result, 'bits');
    const want = byHand(ranks);
    expect(summary.model.bounds.upper).toBeCloseTo(want.upper, 12);
    expect(summary.model.bounds.lower).toBeCloseTo(want.lower, 12);
    // No rank is above 20, so capping changes nothing.
    expect(summary.model.capped).toEqual(summary.model.bounds);
    expect(summary.model.classes.slice(0, 4)).toEqual([2, 1, 1, 1]);
  });

  it('gives the bounds in nats as the bits times ln 2', () => {
    const bits = shannonSummary(rounds, result, 'bits');
    const nats = shannonSummary(rounds, result, 'nats');
    expect(nats.student.bounds.upper).toBeCloseTo(bits.student.bounds.upper * Math.LN2, 12);
    expect(nats.student.bounds.lower).toBeCloseTo(bits.student.bounds.lower * Math.LN2, 12);
  });

  it('exports the game as JSON and CSV: the bounds of the summary, a row per position', () => {
    const exported = shannonExport(rounds, result, 'bits', (id) => `tok${id}`);
    const summary = shannonSummary(rounds, result, 'bits');
    expect(exported.student).toEqual({ classes: summary.student.classes, ...summary.student.bounds });
    expect(exported.model.upper).toBe(summary.model.bounds.upper);
    expect(exported.model.cappedLower).toBe(summary.model.capped.lower);
    expect(
      exported.tokens.map((t) => [t.position, t.target, t.token, t.guesses, t.gaveUp, t.modelRank]),
    ).toEqual([
      [0, 0, 'tok0', 1, false, 1],
      [1, 0, 'tok0', 1, false, 2],
      [2, 3, 'tok3', 2, false, 1],
      [3, 3, 'tok3', 3, false, 4],
      [4, 2, 'tok2', GAVE_UP, true, 3],
    ]);
    const csv = shannonCsv(exported).split('\r\n');
    expect(csv[0]).toBe('batch,position,target,token,guesses,gaveUp,guessed,modelRank,hinted');
    expect(csv[5]).toBe('0,4,2,tok2,21,true,,3,false');
    expect(csv).toHaveLength(7);
  });
});
