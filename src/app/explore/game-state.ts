/**
 * The state of "You are the model" as a reducer, testable without React: the mode, and two games
 * side by side, each with its own progress through the positions. The bet game (a student's points
 * or a class's votes, scored by −log q) and Shannon's guessing game (scored by the guess count)
 * never share a position's answer: each walks the texts from the first position on its own.
 *
 * A game is kept per source (by the Source object), outside React, so leaving the −log p stage
 * and coming back finds it where it was; new logits (another source, other texts, another p)
 * start a new one.
 */
import { MAX_SHORTLIST } from '../../math';
import type { Source } from '../state';
import { addPick, newDraft, type BetKind, type BetRound, type Draft } from './game-model';
import type { GameLink, GameMode } from './game-link';
import { guessState, GAVE_UP, type ShannonRound } from './game-shannon';
import type { GamePosition } from './game-model';

export type { GameMode };

export interface BetGame {
  rounds: BetRound[];
  /** The shortlist being entered for the next position. */
  draft: Draft;
  /** The model's top 10 were shown at the current position. */
  hinted: boolean;
  /** The last round's answer is on screen (until "Next"). */
  revealed: boolean;
}

export interface ShannonGame {
  rounds: ShannonRound[];
  /** The ids guessed so far at the current position. */
  guesses: number[];
  hinted: boolean;
  revealed: boolean;
}

export interface GameState {
  mode: GameMode;
  /** The first position played (0-based over the texts' positions): a link may start a game there. */
  start: number;
  bet: BetGame;
  shannon: ShannonGame;
}

export type GameAction =
  | { type: 'mode'; mode: GameMode }
  | { type: 'draft'; draft: Draft }
  | { type: 'hint' }
  | { type: 'bet'; round: BetRound }
  | { type: 'guess'; position: GamePosition; id: number }
  | { type: 'give-up'; position: GamePosition }
  | { type: 'next' }
  | { type: 'restart' }
  /** A link edited in the address bar: a new game, played that way from that position. */
  | { type: 'link'; link: GameLink };

export function newGame(mode: GameMode = 'points', start = 0): GameState {
  return {
    mode,
    start,
    bet: {
      rounds: [],
      draft: newDraft(mode === 'votes' ? 'votes' : 'points'),
      hinted: false,
      revealed: false,
    },
    shannon: { rounds: [], guesses: [], hinted: false, revealed: false },
  };
}

/** The same shortlist in the other kind: its ids kept, the points or votes given as a new draft's. */
function redraft(draft: Draft, kind: BetKind): Draft {
  let next = newDraft(kind);
  for (const { id } of draft.picks.slice(0, MAX_SHORTLIST)) {
    const added = addPick(next, id, kind, String(id));
    if (typeof added !== 'string') next = added;
  }
  return next;
}

function shannonRound(
  game: ShannonGame,
  position: GamePosition,
  guesses: number[],
  count: number,
): ShannonGame {
  const round: ShannonRound = { position, guesses, count, hinted: game.hinted };
  return { rounds: [...game.rounds, round], guesses: [], hinted: false, revealed: true };
}

export function gameReducer(state: GameState, action: GameAction): GameState {
  const { bet, shannon } = state;
  const betKind: BetKind = state.mode === 'votes' ? 'votes' : 'points';
  switch (action.type) {
    case 'mode': {
      if (action.mode === state.mode) return state;
      const kind = action.mode === 'shannon' ? null : action.mode;
      // A shortlist being entered keeps its tokens when points become votes or back.
      const draft = kind && kind !== betKind ? redraft(bet.draft, kind) : bet.draft;
      return { ...state, mode: action.mode, bet: { ...bet, draft } };
    }
    case 'draft':
      return { ...state, bet: { ...bet, draft: action.draft } };
    case 'hint':
      return state.mode === 'shannon'
        ? { ...state, shannon: { ...shannon, hinted: true } }
        : { ...state, bet: { ...bet, hinted: true } };
    case 'bet':
      if (bet.revealed) return state;
      return {
        ...state,
        bet: {
          rounds: [...bet.rounds, action.round],
          draft: newDraft(betKind),
          hinted: false,
          revealed: true,
        },
      };
    case 'guess': {
      if (shannon.revealed || shannon.guesses.includes(action.id)) return state;
      const guesses = [...shannon.guesses, action.id];
      const now = guessState(guesses, action.position.target);
      const next =
        now.kind === 'guessing'
          ? { ...shannon, guesses }
          : shannonRound(shannon, action.position, guesses, now.count);
      return { ...state, shannon: next };
    }
    case 'give-up':
      if (shannon.revealed) return state;
      return { ...state, shannon: shannonRound(shannon, action.position, shannon.guesses, GAVE_UP) };
    case 'next':
      return state.mode === 'shannon'
        ? { ...state, shannon: { ...shannon, revealed: false } }
        : { ...state, bet: { ...bet, revealed: false } };
    case 'link':
      return newGame(action.link.mode, action.link.from);
    case 'restart':
      return state.mode === 'shannon'
        ? { ...state, shannon: newGame().shannon }
        : { ...state, bet: newGame(state.mode).bet };
  }
}

/** Where a game stands: the position on screen (being played, or just answered), or finished. */
export function gameAt<R extends { position: GamePosition }>(
  game: { rounds: readonly R[]; revealed: boolean },
  positions: readonly GamePosition[],
): { index: number; position: GamePosition | null; finished: boolean } {
  const index = game.revealed ? game.rounds.length - 1 : game.rounds.length;
  const position = positions[index] ?? null;
  return { index, position, finished: position === null };
}

/** Games by source: kept while the page is open, so a stage change does not lose one. */
const kept = new WeakMap<Source, GameState>();

export function keptGame(source: Source, link: GameLink | null = null): GameState {
  return kept.get(source) ?? (link ? newGame(link.mode, link.from) : newGame());
}

export function keepGame(source: Source, game: GameState): void {
  kept.set(source, game);
}
