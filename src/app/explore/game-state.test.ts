/**
 * The game's reducer: a bet ends a position and shows its answer until "Next"; Shannon's guesses
 * end a position when right or after the 20th wrong one; the two games keep their own progress;
 * switching points to votes keeps the shortlist's tokens; a game is kept per source.
 */
import { describe, expect, it } from 'vitest';
import { makeBet } from '../../math';
import type { Source } from '../state';
import type { BetRound, GamePosition } from './game-model';
import { GAVE_UP, MAX_GUESSES } from './game-shannon';
import {
  gameAt,
  gameReducer,
  keepGame,
  keptGame,
  newGame,
  type GameAction,
  type GameState,
} from './game-state';

const V = 50257;
const positions: GamePosition[] = [
  { row: 0, b: 0, t: 0, target: 3626 },
  { row: 1, b: 0, t: 1, target: 6100 },
];

function run(state: GameState, ...actions: GameAction[]): GameState {
  return actions.reduce(gameReducer, state);
}

const round = (position: GamePosition): BetRound => ({
  position,
  kind: 'points',
  picks: [{ id: 3626, points: 60 }],
  somethingElse: 40,
  hinted: false,
  bet: makeBet({ vocab: V, shortlist: [{ id: 3626, points: 60 }], somethingElse: 40 }),
});

describe('the bet game', () => {
  it('shows a bet’s answer until Next, then moves on; after the last, it is finished', () => {
    let state = run(newGame(), { type: 'hint' }, { type: 'bet', round: round(positions[0]!) });
    expect(state.bet.revealed).toBe(true);
    expect(gameAt(state.bet, positions)).toEqual({ index: 0, position: positions[0], finished: false });
    // A second bet while the answer is shown is not taken.
    expect(gameReducer(state, { type: 'bet', round: round(positions[1]!) })).toBe(state);
    state = run(state, { type: 'next' });
    expect(state.bet.hinted).toBe(false);
    expect(state.bet.draft).toEqual({ picks: [], somethingElse: 100 });
    expect(gameAt(state.bet, positions)).toEqual({ index: 1, position: positions[1], finished: false });
    state = run(state, { type: 'bet', round: round(positions[1]!) }, { type: 'next' });
    expect(gameAt(state.bet, positions)).toEqual({ index: 2, position: null, finished: true });
    expect(run(state, { type: 'restart' }).bet).toEqual(newGame().bet);
  });

  it('keeps the shortlist’s tokens when points become votes', () => {
    const draft = {
      picks: [
        { id: 1, points: 60 },
        { id: 2, points: 10 },
      ],
      somethingElse: 30,
    };
    const votes = run(newGame(), { type: 'draft', draft }, { type: 'mode', mode: 'votes' });
    expect(votes.bet.draft).toEqual({
      picks: [
        { id: 1, points: 0 },
        { id: 2, points: 0 },
      ],
      somethingElse: 0,
    });
    const points = run(votes, { type: 'mode', mode: 'points' });
    expect(points.bet.draft).toEqual({
      picks: [
        { id: 1, points: 10 },
        { id: 2, points: 10 },
      ],
      somethingElse: 80,
    });
  });
});

describe('Shannon’s game', () => {
  const shannon = newGame('shannon');
  const at = positions[0]!;

  it('ends a position at the right guess, with its count, and ignores a guess twice', () => {
    let state = run(
      shannon,
      { type: 'guess', position: at, id: 11 },
      { type: 'guess', position: at, id: 11 },
    );
    expect(state.shannon.guesses).toEqual([11]);
    state = run(state, { type: 'guess', position: at, id: at.target });
    expect(state.shannon.rounds).toEqual([
      { position: at, guesses: [11, at.target], count: 2, hinted: false },
    ]);
    expect(state.shannon.revealed).toBe(true);
    // The bet game has not moved.
    expect(state.bet.rounds).toEqual([]);
  });

  it('counts 20 wrong guesses, or giving up, as more than 20', () => {
    const wrong = Array.from({ length: MAX_GUESSES }, (_, i): GameAction => ({
      type: 'guess',
      position: at,
      id: i,
    }));
    expect(run(shannon, ...wrong).shannon.rounds[0]?.count).toBe(GAVE_UP);
    const given = run(
      shannon,
      { type: 'hint' },
      { type: 'guess', position: at, id: 1 },
      { type: 'give-up', position: at },
    );
    expect(given.shannon.rounds).toEqual([{ position: at, guesses: [1], count: GAVE_UP, hinted: true }]);
  });
});

describe('keptGame', () => {
  it('keeps a game per source and starts a new one for another', () => {
    const a = {} as Source;
    const b = {} as Source;
    const played = run(newGame(), { type: 'mode', mode: 'shannon' });
    keepGame(a, played);
    expect(keptGame(a)).toBe(played);
    expect(keptGame(b)).toEqual(newGame());
  });
});
