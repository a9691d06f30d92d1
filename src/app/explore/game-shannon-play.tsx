/**
 * Shannon's variant of "You are the model": guess the next token one at a time until right; the
 * number of guesses is the true token's rank in your order, the model's is its rank under its
 * probabilities. Below the game, both sides' guess counts and Shannon's bounds on the entropy per
 * token (src/math/shannon.ts), with their formulas.
 */
import type { Dispatch, ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { currentIntl } from '../i18n/current';
import { tokenLabel } from '../stages/logits-row';
import { formatCount, formatLoss, formatProb } from '../view/format';
import { Formula } from '../view/Formula';
import { modelAt } from './game-model';
import {
  GameActions,
  GameFlow,
  gameMessages,
  saveGameFile,
  TokenPicker,
  unitWords,
  type GameEnv,
} from './game-parts';
import {
  GAVE_UP,
  MAX_GUESSES,
  shannonCsv,
  shannonExport,
  shannonSummary,
  type ShannonRound,
} from './game-shannon';
import type { GameAction, ShannonGame } from './game-state';

export function ShannonPlay({
  env,
  game,
  dispatch,
}: {
  env: GameEnv;
  game: ShannonGame;
  dispatch: Dispatch<GameAction>;
}) {
  const intl = useIntl();
  const label = (id: number) => tokenLabel(id, env.decode);
  const wrong = game.guesses;
  const max = formatCount(MAX_GUESSES);
  const positions = env.positions.length;
  return (
    <GameFlow
      env={env}
      game={game}
      play={(position, answered) => (
        <>
          <TokenPicker
            env={env}
            position={position}
            verb="guess"
            hinted={game.hinted}
            onHint={() => dispatch({ type: 'hint' })}
            taken={new Set(wrong)}
            onPick={(id) => {
              if (wrong.includes(id)) {
                return intl.formatMessage(
                  {
                    id: 'game.shannon.again',
                    defaultMessage: 'You already guessed {token}; guess another token.',
                    description: '{token} is a token’s text.',
                  },
                  { token: label(id) },
                );
              }
              // The guess may end the position: then "Next" takes the focus.
              answered();
              dispatch({ type: 'guess', position, id });
              return null;
            }}
          />
          <p className="yam-wrong" data-testid="yam-wrong">
            {wrong.length === 0 ? (
              <FormattedMessage
                id="game.shannon.wrong.none"
                defaultMessage="No guesses yet: after {max} wrong ones the position counts as more than {max}."
                values={{ max }}
              />
            ) : (
              <FormattedMessage
                id="game.shannon.wrong"
                defaultMessage="Wrong so far ({count} of {max}): {tokens}."
                description="The wrong guesses at this position: how many of the {max} allowed, and their tokens’ text, separated by commas."
                values={{ count: formatCount(wrong.length), max, tokens: wrong.map(label).join(', ') }}
              />
            )}
          </p>
          <button
            type="button"
            onClick={() => {
              answered();
              dispatch({ type: 'give-up', position });
            }}
          >
            <FormattedMessage
              id="game.shannon.give-up"
              defaultMessage="Give up: count it as more than {max}"
              description="Button: ends the position as if not guessed within {max} (20) guesses."
              values={{ max }}
            />
          </button>
        </>
      )}
      answer={(round) => <ShannonReveal env={env} round={round} />}
      onNext={() => dispatch({ type: 'next' })}
      lastNext={intl.formatMessage({
        id: 'game.shannon.last-next',
        defaultMessage: 'See the counts',
        description: 'Button after the last position of Shannon’s game, in place of “Next position”.',
      })}
      done={intl.formatMessage(
        {
          id: 'game.shannon.done',
          defaultMessage:
            '{count, plural, other {All {countText} positions are guessed: the counts are below.}}',
        },
        { count: positions, countText: formatCount(positions) },
      )}
    >
      <ShannonSummaryView env={env} rounds={game.rounds} onRestart={() => dispatch({ type: 'restart' })} />
    </GameFlow>
  );
}

/** The guess count in bold on the answer. */
const countTag = (chunks: ReactNode[]) => <strong data-testid="yam-count">{chunks}</strong>;
/** The model's rank in bold on the answer. */
const rankTag = (chunks: ReactNode[]) => <strong data-testid="yam-rank">{chunks}</strong>;

/** The true token, the student's guess count and the model's rank. */
function ShannonReveal({ env, round }: { env: GameEnv; round: ShannonRound }) {
  const model = modelAt(env.shown.result, round.position);
  const label = tokenLabel(round.position.target, env.decode);
  const token = <span className="token yam-truth-token">{label}</span>;
  const rank = formatCount(model.rank);
  return (
    <p>
      {round.count >= GAVE_UP ? (
        <FormattedMessage
          id="game.shannon.reveal.gave-up"
          defaultMessage="The next token was {token}: you were <b>more than {max}</b>, counted as {counted} guesses."
          description="After a position given up or not guessed within {max} (20) guesses; {token} is the true token’s text."
          values={{ token, b: countTag, max: formatCount(MAX_GUESSES), counted: formatCount(GAVE_UP) }}
        />
      ) : (
        <FormattedMessage
          id="game.shannon.reveal.right"
          defaultMessage="The next token was {token}: you were <b>right at guess {count}</b>."
          description="After a position guessed right; {token} is the true token’s text, {count} the number of guesses."
          values={{ token, b: countTag, count: formatCount(round.count) }}
        />
      )}{' '}
      {model.rank === 1 ? (
        <FormattedMessage
          id="game.shannon.reveal.model.first"
          defaultMessage="The model ranked it <b>{rank}</b> of {vocab} (p = {p}): its first guess."
          description="The model’s rank of the true token among the {vocab} tokens of the vocabulary, and its probability p."
          values={{ b: rankTag, rank, vocab: formatCount(env.V), p: formatProb(model.prob) }}
        />
      ) : (
        <FormattedMessage
          id="game.shannon.reveal.model"
          defaultMessage="The model ranked it <b>{rank}</b> of {vocab} (p = {p}): its guess number {rank}."
          description="The model’s rank of the true token among the {vocab} tokens of the vocabulary, and its probability p."
          values={{ b: rankTag, rank, vocab: formatCount(env.V), p: formatProb(model.prob) }}
        />
      )}
    </p>
  );
}

/** What the live region says in Shannon's game: the last wrong guess, or the answer. */
export function shannonAnnouncement(env: GameEnv, game: ShannonGame): string {
  const intl = currentIntl();
  const label = (id: number) => tokenLabel(id, env.decode);
  const last = game.rounds[game.rounds.length - 1];
  if (game.revealed && last) {
    const rank = formatCount(modelAt(env.shown.result, last.position).rank);
    const token = label(last.position.target);
    return last.count >= GAVE_UP
      ? intl.formatMessage(
          {
            id: 'game.shannon.announce.gave-up',
            defaultMessage:
              'The next token was {token}: you were more than {max}; the model ranked it {rank}.',
            description:
              'Said by screen readers after a position given up; {token} is the true token’s text.',
          },
          { token, max: formatCount(MAX_GUESSES), rank },
        )
      : intl.formatMessage(
          {
            id: 'game.shannon.announce.right',
            defaultMessage:
              'The next token was {token}: you were right at guess {count}; the model ranked it {rank}.',
            description:
              'Said by screen readers after a position guessed right; {token} is the true token’s text.',
          },
          { token, count: formatCount(last.count), rank },
        );
  }
  const guess = game.guesses[game.guesses.length - 1];
  return guess === undefined
    ? ''
    : intl.formatMessage(
        {
          id: 'game.shannon.announce.wrong',
          defaultMessage: '{count, plural, other {Not {token}: {countText} wrong so far.}}',
          description: 'Said by screen readers after a wrong guess; {token} is the guessed token’s text.',
        },
        { token: label(guess), count: game.guesses.length, countText: formatCount(game.guesses.length) },
      );
}

function ShannonSummaryView({
  env,
  rounds,
  onRestart,
}: {
  env: GameEnv;
  rounds: readonly ShannonRound[];
  onRestart: () => void;
}) {
  const intl = useIntl();
  const { units } = env;
  const { name } = unitWords(units);
  const lg = units === 'bits' ? '\\log_2' : '\\ln';
  const summary = shannonSummary(rounds, env.shown.result, units);
  const { n, student, model } = summary;
  const max = formatCount(MAX_GUESSES);
  // Rows for the guess counts either side reached, in order; "more than 20" last.
  const classes = student.classes
    .map((_, i) => i)
    .filter((i) => student.classes[i]! > 0 || model.classes[i]! > 0);
  const share = (count: number) =>
    count === 0
      ? '0'
      : intl.formatMessage(
          {
            id: 'game.shannon.share',
            defaultMessage: '{count} (q = {q})',
            description:
              'A cell of the guess counts: positions right at this guess, and their share q of all.',
          },
          { count: formatCount(count), q: formatProb(count / n) },
        );
  const bounds = (b: { lower: number; upper: number }) =>
    intl.formatMessage(
      {
        id: 'game.shannon.bounds',
        defaultMessage: 'lower {lower}, upper {upper} {unit}',
        description: 'Shannon’s lower and upper bounds on the entropy per token, in {unit} (nats or bits).',
      },
      { lower: formatLoss(b.lower), upper: formatLoss(b.upper), unit: name },
    );
  const sub = (chunks: ReactNode[]) => <sub>{chunks}</sub>;
  // Shannon's lower bound assumes q_1 ≥ q_2 ≥ … (an ideal guesser); frequencies that rise with i
  // (a few positions, or late right guesses) can put it above the upper bound.
  const crossed = [student.bounds, model.bounds].some((b) => b.lower > b.upper);
  return (
    <div className="yam-results">
      <h4>
        <FormattedMessage
          id="game.shannon.results.title"
          defaultMessage="{count, plural, other {Your guesses so far: {played} of {total} positions}}"
          values={{
            played: formatCount(n),
            count: env.positions.length,
            total: formatCount(env.positions.length),
          }}
        />
      </h4>
      <div
        className="table-wrap"
        role="region"
        aria-label={intl.formatMessage({
          id: 'game.shannon.table.label',
          defaultMessage: 'Guess counts',
          description: 'The name of the table of how many positions were right at each guess.',
        })}
        tabIndex={0}
      >
        <table className="tokens" data-testid="yam-guess-table">
          <caption>
            <FormattedMessage
              id="game.shannon.table.caption"
              defaultMessage="Positions right at each guess, and their share q<sub>i</sub>"
              values={{ sub }}
            />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="game.shannon.table.guess"
                  defaultMessage="Right at guess"
                  description="Column header: the guess (1, 2, 3…, or more than 20) at which positions were right."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage {...gameMessages.you} />
              </th>
              <th scope="col" className="num">
                <FormattedMessage {...gameMessages.theModel} />
              </th>
            </tr>
          </thead>
          <tbody>
            {classes.map((i) => (
              <tr key={i}>
                <th scope="row">
                  {i + 1 >= GAVE_UP
                    ? intl.formatMessage(
                        {
                          id: 'game.shannon.table.more-than',
                          defaultMessage: 'more than {max}',
                          description:
                            'A row of the guess counts: positions not guessed within {max} (20) guesses.',
                        },
                        { max },
                      )
                    : formatCount(i + 1)}
                </th>
                <td className="num">{share(student.classes[i]!)}</td>
                <td className="num">{share(model.classes[i]!)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <FormattedMessage
          id="game.shannon.bounds.intro"
          defaultMessage="With q<sub>i</sub> the share of positions right at guess i, Shannon (1951) bounds the entropy H of the text per token, in {unit}:"
          description="{unit} is nats or bits; q, i and H are the formula’s symbols."
          values={{ sub, unit: name }}
        />
      </p>
      <Formula display tex={`H \\le -\\sum_i q_i ${lg} q_i`} />
      <Formula display tex={`H \\ge \\sum_i i\\,(q_i - q_{i+1})\\,${lg} i`} />
      <dl className="yam-pair yam-tally">
        <div className="yam-you">
          <dt>
            <FormattedMessage id="game.shannon.bounds.you" defaultMessage="From your guesses" />
          </dt>
          <dd data-testid="yam-bounds-you">{bounds(student.bounds)}</dd>
        </div>
        <div className="yam-model">
          <dt>
            <FormattedMessage id="game.shannon.bounds.model" defaultMessage="From the model’s ranks" />
          </dt>
          <dd data-testid="yam-bounds-model">{bounds(model.bounds)}</dd>
        </div>
      </dl>
      {crossed && (
        <p>
          <FormattedMessage
            id="game.shannon.bounds.crossed"
            defaultMessage="Here a lower bound is above its upper one: the shares q<sub>i</sub> do not fall as i grows, as an ideal guesser’s do (q<sub>1</sub> ≥ q<sub>2</sub> ≥ …), so the lower bound is not guaranteed for them. More positions help."
            values={{ sub }}
          />
        </p>
      )}
      <p className="help">
        <FormattedMessage
          id="game.shannon.bounds.cap"
          defaultMessage="A position given up, or not right within {max} guesses, counts as {counted} guesses (“more than {max}”); its real count could be larger, which can only raise both bounds. With the model’s ranks capped the same way, its bounds would be {lower} and {upper} {unit}. The upper bound holds for any guesser with a fixed order; the lower one is proven for the ideal guesser only, and over a few positions both are rough."
          description="{max} is 20, {counted} 21; {unit} is nats or bits."
          values={{
            max,
            counted: formatCount(GAVE_UP),
            lower: formatLoss(model.capped.lower),
            upper: formatLoss(model.capped.upper),
            unit: name,
          }}
        />
      </p>
      <GameActions save={(as) => saveShannon(env, rounds, as)} onRestart={onRestart} />
    </div>
  );
}

/** Downloads Shannon's game: JSON (the export object, bounds in the page's unit) or CSV (one row per position). */
function saveShannon(env: GameEnv, rounds: readonly ShannonRound[], as: 'json' | 'csv'): void {
  const exported = shannonExport(rounds, env.shown.result, env.units, env.decode);
  saveGameFile('you-are-the-model-shannon', as, exported, () => shannonCsv(exported));
}
