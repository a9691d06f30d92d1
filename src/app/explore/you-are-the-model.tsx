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
import { useEffect, useId, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
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
import { gameAt, gameReducer, keepGame, keptGame, type GameMode } from './game-state';
import './you-are-the-model.css';

const modeLabels = defineMessages({
  points: {
    id: 'game.mode.points',
    defaultMessage: 'Bet 100 points',
    description: 'A way to play “You are the model”: spread 100 points over tokens (a radio button).',
  },
  votes: {
    id: 'game.mode.votes',
    defaultMessage: 'A class votes',
    description: 'A way to play “You are the model”: a class’s show of hands (a radio button).',
  },
  shannon: {
    id: 'game.mode.shannon',
    defaultMessage: 'Guess until right (Shannon)',
    description: 'A way to play “You are the model”: Shannon’s guessing game (a radio button).',
  },
});

const MODES: readonly { mode: GameMode; label: MessageDescriptor }[] = [
  { mode: 'points', label: modeLabels.points },
  { mode: 'votes', label: modeLabels.votes },
  { mode: 'shannon', label: modeLabels.shannon },
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

function Game({ shown, state, dispatch: appDispatch, decode, session, backend }: StageProps) {
  const id = useId();
  const intl = useIntl();
  const { source, result } = shown;
  const V = result.shape[2];
  const units = state.units;
  // A new game starts where the link put it (game=…&from=…), if it named one.
  const linked = state.game !== null;
  const [game, dispatch] = useReducer(gameReducer, source, (s) => keptGame(s, state.game));
  useEffect(() => keepGame(source, game), [source, game]);
  const all = useMemo(() => gamePositions(result), [result]);
  // The positions this game plays: from its start on (a link past the end starts at the last).
  const start = Math.max(0, Math.min(game.start, all.length - 1));
  const positions = useMemo(() => all.slice(start), [all, start]);
  // The link records the way of playing and the next position to play, so a copied link reopens
  // the game there.
  const at = game.mode === 'shannon' ? gameAt(game.shannon, positions) : gameAt(game.bet, positions);
  const from = Math.min(start + at.index, Math.max(0, all.length - 1));
  // Only once the game is under way or asked for: a visit to the stage alone adds nothing to the link.
  const underWay = linked || from > 0 || game.mode !== 'points';
  const sent = useRef(state.game);
  useEffect(() => {
    if (!underWay) return;
    sent.current = { mode: game.mode, from };
    appDispatch({ type: 'game', game: sent.current });
  }, [appDispatch, underWay, game.mode, from]);
  // A link edited by hand while the page is open (the hash's game is not the one this game wrote):
  // a new game from there, as a fresh link would start.
  const wanted = state.game;
  useEffect(() => {
    if (wanted && (wanted.mode !== sent.current?.mode || wanted.from !== sent.current.from)) {
      sent.current = wanted;
      dispatch({ type: 'link', link: wanted });
    }
  }, [wanted]);

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
        : intl.formatMessage({
            id: 'game.type.loading',
            defaultMessage: 'Loading GPT-2’s tokenizer, for typed words…',
          })
      : intl.formatMessage({
          id: 'game.type.none',
          defaultMessage:
            'These logits come with no tokenizer for their vocabulary, so typed words cannot become tokens: pick tokens from the model’s hints.',
        }),
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
      <p className="yam-kicker">
        <FormattedMessage
          id="game.kicker"
          defaultMessage="Explore"
          description="Small label above the heading “You are the model”: a panel to explore on the stage."
        />
      </p>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        <FormattedMessage id="game.title" defaultMessage="You are the model" />
      </h3>
      <p className="yam-intro">
        <FormattedMessage
          id="game.intro"
          defaultMessage="Now you predict. At each position of the texts, spread 100 points over up to 5 tokens and “something else”: your points are your probabilities q, and you pay {log} q for the token that really came, as the model pays {log} p. “Something else” is shared by every token you did not list, and needs at least 1 point, so no token’s q is 0."
          description="{log} is −ln or −log₂; q is the student’s probability, p the model’s."
          values={{ log }}
        />
      </p>
      <p className="yam-intro">
        <FormattedMessage
          id="game.intro.hedge"
          defaultMessage="A confident wrong bet costs far more than a hedge. All in on a wrong token, with 1 point on something else, costs <strong>{allIn}</strong> {unit}; half on it and half on something else, {hedge} {unit}. When the token is right, all in costs {rightAllIn} {unit} and the hedge {rightHedge} {unit}."
          description="{unit} is “nats” or “bits”."
          values={{
            strong: (chunks: ReactNode[]) => <strong data-testid="yam-all-in">{chunks}</strong>,
            allIn: formatLoss(allIn),
            hedge: formatLoss(hedge),
            rightAllIn: formatLoss(rightAllIn),
            rightHedge: formatLoss(rightHedge),
            unit: name,
          }}
        />
      </p>
      <fieldset className="choice yam-modes">
        <legend>
          <FormattedMessage
            id="game.modes"
            defaultMessage="Play"
            description="Legend of the radio buttons that choose how to play the game (a noun or verb: “Play:”)."
          />
        </legend>
        {MODES.map(({ mode, label }) => (
          <label key={mode} className="option">
            <input
              type="radio"
              name={`${id}-mode`}
              value={mode}
              checked={game.mode === mode}
              onChange={() => dispatch({ type: 'mode', mode })}
            />
            <span>{intl.formatMessage(label)}</span>
          </label>
        ))}
      </fieldset>
      {game.mode === 'votes' && (
        <p className="help">
          <FormattedMessage
            id="game.votes.help"
            defaultMessage="Ask the room for a show of hands: one for each token on the shortlist, and one for “something else”. Enter the counts; q is each count over all the votes, and the class is scored like one student."
          />
        </p>
      )}
      {game.mode === 'shannon' && (
        <p className="help">
          <FormattedMessage
            id="game.shannon.help"
            defaultMessage="A game of its own, from the first position: guess the next token, one guess at a time, until you are right. Your number of guesses is the token’s rank in your order; the model’s is its rank under its probabilities."
          />
        </p>
      )}
      {positions.length === 0 ? (
        <p>
          <FormattedMessage
            id="game.all-padding"
            defaultMessage="Every position of these texts is padding: there is nothing to predict."
          />
        </p>
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
