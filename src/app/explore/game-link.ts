/**
 * The way to "You are the model" from elsewhere on the page (the perplexity stage's link): one
 * panel, on the −log p stage, reached by stepping there and moving the focus to its heading, so
 * there is never a second copy of the game. Kept apart from the game's code, so the stage that
 * links to it does not load it.
 */
import type { Dispatch } from 'react';
import type { AppAction } from '../state';

/** The −log p stage (0-based: stage 5 on the page), where the game is. */
export const GAME_STAGE = 4;

/** The ways to play, as a link names them (game=…): 100 points, a class's votes, Shannon's game. */
export const GAME_MODES = ['points', 'votes', 'shannon'] as const;
export type GameMode = (typeof GAME_MODES)[number];

/**
 * The game as a link records it: how it is played and the position it is at (`from`, 0-based
 * over the texts' scored positions, text 1's first: the next one to play). A link opens the game
 * there; the positions before are not played.
 */
export interface GameLink {
  mode: GameMode;
  from: number;
}

/** The game's heading takes the focus once it is drawn; set by openGame, taken by the panel. */
let wanted = false;

/** Steps to the game's stage and asks its panel to take the focus when it is drawn. */
export function openGame(dispatch: Dispatch<AppAction>): void {
  wanted = true;
  dispatch({ type: 'stage', stage: GAME_STAGE });
}

/** Whether the game was asked for (once: asking clears the request). */
export function takeGameRequest(): boolean {
  const was = wanted;
  wanted = false;
  return was;
}
