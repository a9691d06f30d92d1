/**
 * The bet game of "You are the model": at each position the student (or a class, by its votes)
 * lists up to 5 tokens and "something else", bets, and sees the true token, its own q and −log q
 * beside the model's p, −log p and rank. The bet is the math module's (makeBet / classroomBet);
 * the model's numbers are the engine's result for that position.
 */
import { useId, type Dispatch, type FormEvent, type ReactNode } from 'react';
import { betLoss, betProb, inUnit, type Bet, type ClassroomBet } from '../../math';
import { tokenLabel } from '../stages/logits-row';
import { formatCount, formatLoss, formatProb } from '../view/format';
import {
  addPick,
  draftBet,
  draftRefusal,
  draftTotal,
  modelAt,
  nameTokens,
  removePick,
  setPick,
  TOTAL_POINTS,
  type BetKind,
  type BetRound,
  type GamePosition,
} from './game-model';
import { GameFlow, TokenPicker, unitWords, type GameEnv } from './game-parts';
import { GameResults } from './game-results';
import type { BetGame, GameAction } from './game-state';

interface BetPlayProps {
  env: GameEnv;
  kind: BetKind;
  game: BetGame;
  dispatch: Dispatch<GameAction>;
}

export function BetPlay({ env, kind, game, dispatch }: BetPlayProps) {
  return (
    <GameFlow
      env={env}
      game={game}
      play={(position, answered) => (
        <BetForm
          env={env}
          kind={kind}
          game={game}
          position={position}
          onBet={(round) => {
            answered();
            dispatch({ type: 'bet', round });
          }}
          dispatch={dispatch}
        />
      )}
      answer={(round) => <Reveal env={env} round={round} />}
      onNext={() => dispatch({ type: 'next' })}
      lastNext="See the totals"
      done={`All ${formatCount(env.positions.length)} positions are played: your totals are below. Start again to play once more.`}
    >
      <GameResults env={env} rounds={game.rounds} onRestart={() => dispatch({ type: 'restart' })} />
    </GameFlow>
  );
}

/**
 * The points (or votes) of one line of the bet: a whole-number field that the arrow keys step by 1;
 * an empty field is NaN, which bet.ts refuses in one sentence.
 */
function PointsInput(props: {
  id: string;
  name: ReactNode;
  kind: BetKind;
  value: number;
  onValue: (value: number) => void;
}) {
  const { id, name, kind, value, onValue } = props;
  return (
    <>
      <label htmlFor={id}>
        {name}
        <span className="visually-hidden"> {kind}</span>
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={0}
        max={kind === 'points' ? TOTAL_POINTS : undefined}
        step={1}
        value={Number.isFinite(value) ? value : ''}
        onChange={(e) => onValue(e.currentTarget.valueAsNumber)}
      />
    </>
  );
}

interface BetFormProps {
  env: GameEnv;
  kind: BetKind;
  game: BetGame;
  position: GamePosition;
  onBet: (round: BetRound) => void;
  dispatch: Dispatch<GameAction>;
}

function BetForm({ env, kind, game, position, onBet, dispatch }: BetFormProps) {
  const id = useId();
  const { V, decode } = env;
  const { draft } = game;
  const label = (tokenId: number) => tokenLabel(tokenId, decode);
  const refused = draftRefusal(draft, kind, V);
  const refusal = refused && nameTokens(refused, label);
  const bet: Bet | null = refused ? null : draftBet(draft, kind, V);
  // A class's votes: the repairs classroomBet made (a phantom vote, tokens nobody voted for).
  const votes = bet && 'phantomVote' in bet ? (bet as ClassroomBet) : null;
  const total = draftTotal(draft);
  const unit = kind === 'points' ? 'points' : 'votes';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!bet) return;
    const { picks, somethingElse } = draft;
    onBet({ position, kind, picks, somethingElse, hinted: game.hinted, bet });
  };

  return (
    <>
      <TokenPicker
        env={env}
        position={position}
        verb="Add"
        hinted={game.hinted}
        onHint={() => dispatch({ type: 'hint' })}
        taken={new Set(draft.picks.map((p) => p.id))}
        onPick={(tokenId) => {
          const added = addPick(draft, tokenId, kind, label(tokenId));
          if (typeof added === 'string') return added;
          dispatch({ type: 'draft', draft: added });
          return null;
        }}
      />
      <form className="yam-form" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
        <p id={`${id}-title`} className="yam-form-title">
          {kind === 'points'
            ? `Your bet: ${TOTAL_POINTS} points over up to 5 tokens and “something else”`
            : 'The room’s votes: a show of hands for each token and for “something else”'}
        </p>
        <ul className="yam-picks">
          {draft.picks.map((pick, i) => (
            <li key={pick.id} className="yam-pick" data-testid="yam-pick">
              <PointsInput
                id={`${id}-${pick.id}`}
                name={<span className="token">{label(pick.id)}</span>}
                kind={kind}
                value={pick.points}
                onValue={(value) => dispatch({ type: 'draft', draft: setPick(draft, i, value, kind) })}
              />
              <span className="yam-q">q = {bet ? formatProb(betProb(bet, pick.id)) : '—'}</span>
              <button
                type="button"
                className="yam-remove"
                onClick={() => dispatch({ type: 'draft', draft: removePick(draft, i, kind) })}
              >
                Remove<span className="visually-hidden"> {label(pick.id)}</span>
              </button>
            </li>
          ))}
          <li className="yam-pick yam-else">
            <PointsInput
              id={`${id}-else`}
              name="Something else"
              kind={kind}
              value={draft.somethingElse}
              onValue={(value) => dispatch({ type: 'draft', draft: { ...draft, somethingElse: value } })}
            />
            <span className="yam-q">
              {bet && bet.rest > 0
                ? `q = ${formatProb(bet.elseShare)} shared by the other ${formatCount(bet.rest)}: ${formatProb(bet.elseEach)} each`
                : `shared by the ${formatCount(V - draft.picks.length)} tokens not listed`}
            </span>
          </li>
        </ul>
        <p className="yam-total" data-testid="yam-total">
          Total: {formatCount(total)} {unit}
          {Number.isFinite(total) && total > 0 && (kind === 'votes' || total !== TOTAL_POINTS)
            ? `: each q is its ${unit} ÷ ${formatCount(votes?.phantomVote ? total + 1 : total)}`
            : ''}
        </p>
        {votes && (votes.phantomVote || votes.dropped.length > 0) && (
          <p className="help">
            {votes.phantomVote &&
              'Nobody voted “something else”, so it gets one vote: no token’s q may be 0, or a surprise would cost ∞. '}
            {votes.dropped.length > 0 &&
              `${votes.dropped.map(label).join(', ')} got no votes, so ${votes.dropped.length === 1 ? 'it shares' : 'they share'} “something else”.`}
          </p>
        )}
        {refusal && (
          <p className="yam-refusal" role="alert">
            {refusal}
          </p>
        )}
        <button type="submit" className="yam-go" disabled={!bet}>
          Bet
        </button>
      </form>
    </>
  );
}

/** The true token, and what the bet and the model paid for it. */
function Reveal({ env, round }: { env: GameEnv; round: BetRound }) {
  const { units, decode, shown, V } = env;
  const { log, name } = unitWords(units);
  const { target } = round.position;
  const q = betProb(round.bet, target);
  const studentLoss = betLoss(round.bet, target, units);
  const model = modelAt(shown.result, round.position);
  const modelLoss = inUnit(model.loss, units);
  const listed = round.bet.ids.includes(target);
  const label = tokenLabel(target, decode);
  const gap = modelLoss - studentLoss;
  return (
    <>
      <p>
        The next token was <span className="token yam-truth-token">{label}</span>
        {listed
          ? `: on your shortlist, with q = ${formatProb(q)}.`
          : `: not on your shortlist, so it had its share of “something else”, q = ${formatProb(q)}.`}
      </p>
      <dl className="yam-pair">
        <div className="yam-you">
          <dt>{round.kind === 'votes' ? 'The class' : 'You'}</dt>
          <dd>
            q = <span data-testid="yam-q">{formatProb(q)}</span>, {log} q ={' '}
            <span data-testid="yam-loss">{formatLoss(studentLoss)}</span> {name}
          </dd>
        </div>
        <div className="yam-model">
          <dt>The model</dt>
          <dd>
            p = <span data-testid="yam-p">{formatProb(model.prob)}</span>, {log} p ={' '}
            <span data-testid="yam-model-loss">{formatLoss(modelLoss)}</span> {name}, rank{' '}
            <span data-testid="yam-rank">{formatCount(model.rank)}</span> of {formatCount(V)}
          </dd>
        </div>
      </dl>
      <p>
        {Math.abs(gap) < 5e-5
          ? 'You and the model paid the same here.'
          : `You paid ${formatLoss(Math.abs(gap))} ${name} ${gap > 0 ? 'less' : 'more'} than the model here.`}
      </p>
    </>
  );
}

/** The sentence the live region says after a bet: the true token and both sides' numbers. */
export function betAnnouncement(env: GameEnv, round: BetRound): string {
  const { log, name } = unitWords(env.units);
  const model = modelAt(env.shown.result, round.position);
  const target = round.position.target;
  return (
    `The next token was ${tokenLabel(target, env.decode)}. You: q ${formatProb(betProb(round.bet, target))}, ` +
    `${log} q ${formatLoss(betLoss(round.bet, target, env.units))} ${name}. The model: p ${formatProb(model.prob)}, ` +
    `${log} p ${formatLoss(inUnit(model.loss, env.units))} ${name}, rank ${formatCount(model.rank)} of ${formatCount(env.V)}.`
  );
}
