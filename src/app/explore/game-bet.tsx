/**
 * The bet game of "You are the model": at each position the student (or a class, by its votes)
 * lists up to 5 tokens and "something else", bets, and sees the true token, its own q and −log q
 * beside the model's p, −log p and rank. The bet is the math module's (makeBet / classroomBet);
 * the model's numbers are the engine's result for that position.
 */
import { useId, type Dispatch, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { currentIntl } from '../i18n/current';
import { betLoss, betProb, inUnit, type Bet, type ClassroomBet } from '../../math';
import { tokenLabel } from '../stages/logits-row';
import { formatCount, formatLoss, formatProb } from '../view/format';
import {
  addPick,
  draftBet,
  draftRefusal,
  draftTotal,
  modelAt,
  refusalText,
  removePick,
  setPick,
  TOTAL_POINTS,
  type BetKind,
  type BetRound,
  type GamePosition,
} from './game-model';
import { GameFlow, gameMessages, hidden, TokenPicker, unitWords, type GameEnv } from './game-parts';
import { GameResults } from './game-results';
import type { BetGame, GameAction } from './game-state';

interface BetPlayProps {
  env: GameEnv;
  kind: BetKind;
  game: BetGame;
  dispatch: Dispatch<GameAction>;
}

export function BetPlay({ env, kind, game, dispatch }: BetPlayProps) {
  const intl = useIntl();
  const played = env.positions.length;
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
      lastNext={intl.formatMessage({
        id: 'game.bet.last-next',
        defaultMessage: 'See the totals',
        description: 'Button after the last position of the bet game, in place of “Next position”.',
      })}
      done={intl.formatMessage(
        {
          id: 'game.bet.done',
          defaultMessage:
            '{count, plural, other {All {countText} positions are played: your totals are below. Start again to play once more.}}',
        },
        { count: played, countText: formatCount(played) },
      )}
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
        {kind === 'points' ? (
          <FormattedMessage
            id="game.bet.field.points"
            defaultMessage="{name}<hidden> points</hidden>"
            description="The label of a number field: the points bet on {name} (a token, or “Something else”). “points” is read by screen readers only."
            values={{ name, hidden }}
          />
        ) : (
          <FormattedMessage
            id="game.bet.field.votes"
            defaultMessage="{name}<hidden> votes</hidden>"
            description="The label of a number field: a class’s votes for {name} (a token, or “Something else”). “votes” is read by screen readers only."
            values={{ name, hidden }}
          />
        )}
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
  const intl = useIntl();
  const { V, decode } = env;
  const { draft } = game;
  const label = (tokenId: number) => tokenLabel(tokenId, decode);
  const refused = draftRefusal(draft, kind, V);
  const refusal = refused && refusalText(refused, label);
  const bet: Bet | null = refused ? null : draftBet(draft, kind, V);
  // A class's votes: the repairs classroomBet made (a phantom vote, tokens nobody voted for).
  const votes = bet && 'phantomVote' in bet ? (bet as ClassroomBet) : null;
  const total = draftTotal(draft);
  // Each q is its points (or votes) over this, when the total is not simply 100 points.
  const divisor =
    Number.isFinite(total) && total > 0 && (kind === 'votes' || total !== TOTAL_POINTS)
      ? formatCount(votes?.phantomVote ? total + 1 : total)
      : null;
  const totalText = formatCount(total);

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
        verb="add"
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
          {kind === 'points' ? (
            <FormattedMessage
              id="game.bet.form.points"
              defaultMessage="Your bet: {total} points over up to 5 tokens and “something else”"
              values={{ total: formatCount(TOTAL_POINTS) }}
            />
          ) : (
            <FormattedMessage
              id="game.bet.form.votes"
              defaultMessage="The room’s votes: a show of hands for each token and for “something else”"
            />
          )}
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
              <span className="yam-q">
                <FormattedMessage
                  id="game.bet.q"
                  defaultMessage="q = {q}"
                  description="The probability q the bet gives a token ({q} is a number, or “—” while the bet is refused)."
                  values={{ q: bet ? formatProb(betProb(bet, pick.id)) : '—' }}
                />
              </span>
              <button
                type="button"
                className="yam-remove"
                onClick={() => dispatch({ type: 'draft', draft: removePick(draft, i, kind) })}
              >
                <FormattedMessage
                  id="game.bet.remove"
                  defaultMessage="Remove<hidden> {token}</hidden>"
                  description="Button: takes the token {token} off the shortlist. The token is read by screen readers only."
                  values={{ token: label(pick.id), hidden }}
                />
              </button>
            </li>
          ))}
          <li className="yam-pick yam-else">
            <PointsInput
              id={`${id}-else`}
              name={intl.formatMessage({
                id: 'game.bet.else',
                defaultMessage: 'Something else',
                description: 'The bet’s last line: every token not on the shortlist, which share its points.',
              })}
              kind={kind}
              value={draft.somethingElse}
              onValue={(value) => dispatch({ type: 'draft', draft: { ...draft, somethingElse: value } })}
            />
            <span className="yam-q">
              {bet && bet.rest > 0 ? (
                <FormattedMessage
                  id="game.bet.else.q"
                  defaultMessage="{count, plural, other {q = {share} shared by the other {rest}: {each} each}}"
                  description="“Something else”’s probability {share}, shared by the {rest} tokens not listed, {each} each."
                  values={{
                    count: bet.rest,
                    share: formatProb(bet.elseShare),
                    rest: formatCount(bet.rest),
                    each: formatProb(bet.elseEach),
                  }}
                />
              ) : (
                <FormattedMessage
                  id="game.bet.else.shared"
                  defaultMessage="{count, plural, other {shared by the {countText} tokens not listed}}"
                  description="What “Something else” stands for: the tokens not on the shortlist."
                  values={{ count: V - draft.picks.length, countText: formatCount(V - draft.picks.length) }}
                />
              )}
            </span>
          </li>
        </ul>
        <p className="yam-total" data-testid="yam-total">
          {kind === 'points' ? (
            divisor === null ? (
              <FormattedMessage
                id="game.bet.total.points"
                defaultMessage="{count, plural, other {Total: {total} points}}"
                values={{ count: total, total: totalText }}
              />
            ) : (
              <FormattedMessage
                id="game.bet.total.points.shares"
                defaultMessage="{count, plural, other {Total: {total} points: each q is its points ÷ {divisor}}}"
                description="q is a token’s probability: its points divided by the total."
                values={{ count: total, total: totalText, divisor }}
              />
            )
          ) : divisor === null ? (
            <FormattedMessage
              id="game.bet.total.votes"
              defaultMessage="{count, plural, other {Total: {total} votes}}"
              values={{ count: total, total: totalText }}
            />
          ) : (
            <FormattedMessage
              id="game.bet.total.votes.shares"
              defaultMessage="{count, plural, other {Total: {total} votes: each q is its votes ÷ {divisor}}}"
              description="q is a token’s probability: its votes divided by all the votes."
              values={{ count: total, total: totalText, divisor }}
            />
          )}
        </p>
        {votes && (votes.phantomVote || votes.dropped.length > 0) && (
          <p className="help">
            {votes.phantomVote && (
              <>
                <FormattedMessage
                  id="game.votes.phantom"
                  defaultMessage="Nobody voted “something else”, so it gets one vote: no token’s q may be 0, or a surprise would cost ∞."
                />{' '}
              </>
            )}
            {votes.dropped.length > 0 && (
              <FormattedMessage
                id="game.votes.dropped"
                defaultMessage="{count, plural, one {{tokens} got no votes, so it shares “something else”.} other {{tokens} got no votes, so they share “something else”.}}"
                description="{tokens} is a list of tokens (their text, separated by commas) that no one voted for."
                values={{ count: votes.dropped.length, tokens: votes.dropped.map(label).join(', ') }}
              />
            )}
          </p>
        )}
        {refusal && (
          <p className="yam-refusal" role="alert">
            {refusal}
          </p>
        )}
        <button type="submit" className="yam-go" disabled={!bet}>
          <FormattedMessage
            id="game.bet.submit"
            defaultMessage="Bet"
            description="Button (verb): places the bet on the shortlist, then shows the true token."
          />
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
  const token = <span className="token yam-truth-token">{label}</span>;
  return (
    <>
      <p>
        {listed ? (
          <FormattedMessage
            id="game.bet.reveal.listed"
            defaultMessage="The next token was {token}: on your shortlist, with q = {q}."
            description="After a bet: {token} is the true token’s text, q the probability the bet gave it."
            values={{ token, q: formatProb(q) }}
          />
        ) : (
          <FormattedMessage
            id="game.bet.reveal.unlisted"
            defaultMessage="The next token was {token}: not on your shortlist, so it had its share of “something else”, q = {q}."
            description="After a bet: {token} is the true token’s text, q the probability the bet gave it."
            values={{ token, q: formatProb(q) }}
          />
        )}
      </p>
      <dl className="yam-pair">
        <div className="yam-you">
          <dt>
            {round.kind === 'votes' ? (
              <FormattedMessage
                id="game.side.class"
                defaultMessage="The class"
                description="The side of a class that voted, beside “The model”."
              />
            ) : (
              <FormattedMessage {...gameMessages.you} />
            )}
          </dt>
          <dd>
            <FormattedMessage
              id="game.bet.reveal.you"
              defaultMessage="q = {q}, {log} q = {loss} {unit}"
              description="The student’s probability q of the true token and the loss it paid; {log} is −ln or −log₂, {unit} nats or bits."
              values={{
                q: <span data-testid="yam-q">{formatProb(q)}</span>,
                log,
                loss: <span data-testid="yam-loss">{formatLoss(studentLoss)}</span>,
                unit: name,
              }}
            />
          </dd>
        </div>
        <div className="yam-model">
          <dt>
            <FormattedMessage {...gameMessages.theModel} />
          </dt>
          <dd>
            <FormattedMessage
              id="game.bet.reveal.model"
              defaultMessage="p = {p}, {log} p = {loss} {unit}, rank {rank} of {vocab}"
              description="The model’s probability p of the true token, its loss, and the token’s rank among the {vocab} tokens of the vocabulary."
              values={{
                p: <span data-testid="yam-p">{formatProb(model.prob)}</span>,
                log,
                loss: <span data-testid="yam-model-loss">{formatLoss(modelLoss)}</span>,
                unit: name,
                rank: <span data-testid="yam-rank">{formatCount(model.rank)}</span>,
                vocab: formatCount(V),
              }}
            />
          </dd>
        </div>
      </dl>
      <p>
        {Math.abs(gap) < 5e-5 ? (
          <FormattedMessage id="game.bet.gap.same" defaultMessage="You and the model paid the same here." />
        ) : gap > 0 ? (
          <FormattedMessage
            id="game.bet.gap.less"
            defaultMessage="You paid {amount} {unit} less than the model here."
            values={{ amount: formatLoss(Math.abs(gap)), unit: name }}
          />
        ) : (
          <FormattedMessage
            id="game.bet.gap.more"
            defaultMessage="You paid {amount} {unit} more than the model here."
            values={{ amount: formatLoss(Math.abs(gap)), unit: name }}
          />
        )}
      </p>
    </>
  );
}

/** The sentence the live region says after a bet: the true token and both sides' numbers. */
export function betAnnouncement(env: GameEnv, round: BetRound): string {
  const { log, name } = unitWords(env.units);
  const model = modelAt(env.shown.result, round.position);
  const target = round.position.target;
  return currentIntl().formatMessage(
    {
      id: 'game.bet.announce',
      defaultMessage:
        'The next token was {token}. You: q {q}, {log} q {loss} {unit}. The model: p {p}, {log} p {modelLoss} {unit}, rank {rank} of {vocab}.',
      description:
        'Said by screen readers after a bet: the true token, the student’s q and loss, the model’s p, loss and rank.',
    },
    {
      token: tokenLabel(target, env.decode),
      q: formatProb(betProb(round.bet, target)),
      log,
      loss: formatLoss(betLoss(round.bet, target, env.units)),
      unit: name,
      p: formatProb(model.prob),
      modelLoss: formatLoss(inUnit(model.loss, env.units)),
      rank: formatCount(model.rank),
      vocab: formatCount(env.V),
    },
  );
}
