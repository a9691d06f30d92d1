/**
 * "You are the model" (issue #21), under the −log p stage: the reader predicts the texts' next
 * tokens and pays −log q of the true one, as the model pays −log p. Three ways to play, each over
 * the current source's texts (the book's, typed ones, a pretrained model's), position by position,
 * padding skipped, the model's answer hidden until the bet is in:
 *
 * - bet 100 points over up to 5 tokens and "something else" (game-bet.tsx);
 * - a class's votes, entered as counts (classroomBet), scored like one student;
 * - Shannon's game: guess until right; the guess counts bound the entropy (game-shannon-play.tsx).
 *
 * Tokens are typed (the first token of a word, by GPT-2's tokenizer, for sources in GPT-2's
 * vocabulary) or picked from the model's top 10 (any source). The game is kept per source while
 * the page is open (game-state.ts). Reached from the perplexity stage through game-link.ts.
 */
import { useEffect, useId, useMemo, useReducer, useRef, useState } from 'react';
import { allInCost, betLoss, makeBet } from '../../math';
import type { StageProps } from '../stages/stage';
import type { Source } from '../state';
import { formatLoss } from '../view/format';
import { GPT2_VOCAB, GPT2_VOCAB_PADDED, loadTokenizer } from '../view/tokens';
import { betAnnouncement, BetPlay } from './game-bet';
import { takeGameRequest } from './game-link';
import { gamePositions } from './game-model';
import { unitWords, type GameEnv } from './game-parts';
import { ShannonPlay, shannonAnnouncement } from './game-shannon-play';
import { gameReducer, keepGame, keptGame, type GameMode } from './game-state';
import './you-are-the-model.css';

const MODES: readonly { mode: GameMode; label: string }[] = [
  { mode: 'points', label: 'Bet 100 points' },
  { mode: 'votes', label: 'A class votes' },
  { mode: 'shannon', label: 'Guess until right (Shannon)' },
];

/** A number per source, so a new source starts a new game (a component keyed by it). */
const sourceIds = new WeakMap<Source, number>();
let nextSourceId = 0;
function sourceKey(source: Source): number {
  let key = sourceIds.get(source);
  if (key === undefined) sourceIds.set(source, (key = nextSourceId++));
  return key;
}

/**
 * Whether GPT-2's tokenizer turns typed words into this source's tokens: logits in GPT-2's
 * vocabulary that no pretrained model made. A pretrained model brings its own (source.model.encode);
 * a file in another vocabulary has none, and the model's hints are the way to pick tokens.
 */
function typesWithGpt2(source: Source, V: number): boolean {
  return !source.model && (V === GPT2_VOCAB || V === GPT2_VOCAB_PADDED);
}

export function YouAreTheModel(props: StageProps) {
  return <Game key={sourceKey(props.shown.source)} {...props} />;
}

function Game({ shown, state, decode, session, backend }: StageProps) {
  const id = useId();
  const { source, result } = shown;
  const V = result.shape[2];
  const units = state.units;
  const [game, dispatch] = useReducer(gameReducer, source, keptGame);
  useEffect(() => keepGame(source, game), [source, game]);
  const positions = useMemo(() => gamePositions(result), [result]);

  const gpt2 = typesWithGpt2(source, V);
  const canType = gpt2 || source.model !== undefined;
  const [gpt2Encode, setEncode] = useState<((text: string) => number[]) | null>(null);
  const encode = source.model?.encode ?? gpt2Encode;
  useEffect(() => {
    if (!gpt2) return;
    let live = true;
    loadTokenizer().then(
      (t) => live && setEncode(() => t.encode),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [gpt2]);

  // Asked for from the perplexity stage: the heading takes the focus once the stage is drawn
  // (after the page's own scroll to the top of a new stage).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!takeGameRequest()) return;
    const frame = requestAnimationFrame(() => {
      heading.current?.focus({ preventScroll: true });
      heading.current?.scrollIntoView({ block: 'start' });
    });
    return () => cancelAnimationFrame(frame);
  }, []);

  const env: GameEnv = {
    shown,
    units,
    decode,
    session,
    backend,
    encode: canType ? encode : null,
    typeNote: canType
      ? encode
        ? null
        : 'Loading GPT-2’s tokenizer, for typed words…'
      : 'These logits come with no tokenizer for their vocabulary, so typed words cannot become tokens: pick tokens from the model’s hints.',
    V,
    positions,
  };
  const { log, name } = unitWords(units);
  // The lesson in numbers, from the bet module: a wrong all-in bet against a hedge, and when right.
  const allIn = allInCost(V, 1, units);
  const hedge = allInCost(V, 50, units);
  const rightAllIn = betLoss(
    makeBet({ vocab: V, shortlist: [{ id: 0, points: 99 }], somethingElse: 1 }),
    0,
    units,
  );
  const rightHedge = betLoss(
    makeBet({ vocab: V, shortlist: [{ id: 0, points: 50 }], somethingElse: 50 }),
    0,
    units,
  );

  const last = game.bet.rounds[game.bet.rounds.length - 1];
  const said =
    game.mode === 'shannon'
      ? shannonAnnouncement(env, game.shannon)
      : game.bet.revealed && last
        ? betAnnouncement(env, last)
        : '';

  return (
    <section className="yam" aria-labelledby={`${id}-title`}>
      <p className="yam-kicker">Explore</p>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        You are the model
      </h3>
      <p className="yam-intro">
        Now you predict. At each position of the texts, spread 100 points over up to 5 tokens and “something
        else”: your points are your probabilities q, and you pay {log} q for the token that really came, as
        the model pays {log} p. “Something else” is shared by every token you did not list, and needs at least
        1 point, so no token’s q is 0.
      </p>
      <p className="yam-intro">
        A confident wrong bet costs far more than a hedge. All in on a wrong token, with 1 point on something
        else, costs <strong data-testid="yam-all-in">{formatLoss(allIn)}</strong> {name}; half on it and half
        on something else, {formatLoss(hedge)} {name}. When the token is right, all in costs{' '}
        {formatLoss(rightAllIn)} {name} and the hedge {formatLoss(rightHedge)} {name}.
      </p>
      <fieldset className="choice yam-modes">
        <legend>Play</legend>
        {MODES.map(({ mode, label }) => (
          <label key={mode} className="option">
            <input
              type="radio"
              name={`${id}-mode`}
              value={mode}
              checked={game.mode === mode}
              onChange={() => dispatch({ type: 'mode', mode })}
            />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      {game.mode === 'votes' && (
        <p className="help">
          Ask the room for a show of hands: one for each token on the shortlist, and one for “something else”.
          Enter the counts; q is each count over all the votes, and the class is scored like one student.
        </p>
      )}
      {game.mode === 'shannon' && (
        <p className="help">
          A game of its own, from the first position: guess the next token, one guess at a time, until you are
          right. Your number of guesses is the token’s rank in your order; the model’s is its rank under its
          probabilities.
        </p>
      )}
      {positions.length === 0 ? (
        <p>Every position of these texts is padding: there is nothing to predict.</p>
      ) : game.mode === 'shannon' ? (
        <ShannonPlay env={env} game={game.shannon} dispatch={dispatch} />
      ) : (
        <BetPlay env={env} kind={game.mode} game={game.bet} dispatch={dispatch} />
      )}
      <p className="visually-hidden" role="status" data-testid="yam-status">
        {said}
      </p>
    </section>
  );
}
