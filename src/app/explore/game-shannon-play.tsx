/**
 * Shannon's variant of "You are the model": guess the next token one at a time until right; the
 * number of guesses is the true token's rank in your order, the model's is its rank under its
 * probabilities. Below the game, both sides' guess counts and Shannon's bounds on the entropy per
 * token (src/math/shannon.ts), with their formulas.
 */
import type { Dispatch } from 'react';
import { tokenLabel } from '../stages/logits-row';
import { formatCount, formatLoss, formatProb } from '../view/format';
import { Formula } from '../view/Formula';
import { modelAt } from './game-model';
import { GameFlow, TokenPicker, unitWords, type GameEnv } from './game-parts';
import { GAVE_UP, MAX_GUESSES, shannonSummary, type ShannonRound } from './game-shannon';
import type { GameAction, ShannonGame } from './game-state';

/** "right at guess 3", "more than 20". */
const countText = (count: number) =>
  count >= GAVE_UP ? `more than ${MAX_GUESSES}` : `right at guess ${count}`;

export function ShannonPlay({
  env,
  game,
  dispatch,
}: {
  env: GameEnv;
  game: ShannonGame;
  dispatch: Dispatch<GameAction>;
}) {
  const label = (id: number) => tokenLabel(id, env.decode);
  const wrong = game.guesses;
  return (
    <GameFlow
      env={env}
      game={game}
      play={(position, answered) => (
        <>
          <TokenPicker
            env={env}
            position={position}
            verb="Guess"
            hinted={game.hinted}
            onHint={() => dispatch({ type: 'hint' })}
            taken={new Set(wrong)}
            onPick={(id) => {
              if (wrong.includes(id)) return `You already guessed ${label(id)}; guess another token.`;
              // The guess may end the position: then "Next" takes the focus.
              answered();
              dispatch({ type: 'guess', position, id });
              return null;
            }}
          />
          <p className="yam-wrong" data-testid="yam-wrong">
            {wrong.length === 0
              ? `No guesses yet: after ${MAX_GUESSES} wrong ones the position counts as more than ${MAX_GUESSES}.`
              : `Wrong so far (${wrong.length} of ${MAX_GUESSES}): ${wrong.map(label).join(', ')}.`}
          </p>
          <button
            type="button"
            onClick={() => {
              answered();
              dispatch({ type: 'give-up', position });
            }}
          >
            Give up: count it as more than {MAX_GUESSES}
          </button>
        </>
      )}
      answer={(round) => <ShannonReveal env={env} round={round} />}
      onNext={() => dispatch({ type: 'next' })}
      lastNext="See the counts"
      done={`All ${formatCount(env.positions.length)} positions are guessed: the counts are below.`}
    >
      <ShannonSummaryView env={env} rounds={game.rounds} onRestart={() => dispatch({ type: 'restart' })} />
    </GameFlow>
  );
}

/** The true token, the student's guess count and the model's rank. */
function ShannonReveal({ env, round }: { env: GameEnv; round: ShannonRound }) {
  const model = modelAt(env.shown.result, round.position);
  const label = tokenLabel(round.position.target, env.decode);
  return (
    <p>
      The next token was <span className="token yam-truth-token">{label}</span>: you were{' '}
      <strong data-testid="yam-count">{countText(round.count)}</strong>
      {round.count >= GAVE_UP ? `, counted as ${GAVE_UP} guesses` : ''}. The model ranked it{' '}
      <strong data-testid="yam-rank">{formatCount(model.rank)}</strong> of {formatCount(env.V)} (p ={' '}
      {formatProb(model.prob)}):{' '}
      {model.rank === 1 ? 'its first guess' : `its guess number ${formatCount(model.rank)}`}.
    </p>
  );
}

/** What the live region says in Shannon's game: the last wrong guess, or the answer. */
export function shannonAnnouncement(env: GameEnv, game: ShannonGame): string {
  const label = (id: number) => tokenLabel(id, env.decode);
  const last = game.rounds[game.rounds.length - 1];
  if (game.revealed && last) {
    const rank = modelAt(env.shown.result, last.position).rank;
    return `The next token was ${label(last.position.target)}: you were ${countText(last.count)}; the model ranked it ${formatCount(rank)}.`;
  }
  const guess = game.guesses[game.guesses.length - 1];
  return guess === undefined ? '' : `Not ${label(guess)}: ${game.guesses.length} wrong so far.`;
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
  const { units } = env;
  const { name } = unitWords(units);
  const lg = units === 'bits' ? '\\log_2' : '\\ln';
  const summary = shannonSummary(rounds, env.shown.result, units);
  const { n, student, model } = summary;
  // Rows for the guess counts either side reached, in order; "more than 20" last.
  const classes = student.classes
    .map((_, i) => i)
    .filter((i) => student.classes[i]! > 0 || model.classes[i]! > 0);
  const share = (count: number) => (count === 0 ? '0' : `${count} (q = ${formatProb(count / n)})`);
  const bounds = (b: { lower: number; upper: number }) =>
    `lower ${formatLoss(b.lower)}, upper ${formatLoss(b.upper)} ${name}`;
  // Shannon's lower bound assumes q_1 ≥ q_2 ≥ … (an ideal guesser); frequencies that rise with i
  // (a few positions, or late right guesses) can put it above the upper bound.
  const crossed = [student.bounds, model.bounds].some((b) => b.lower > b.upper);
  return (
    <div className="yam-results">
      <h4>
        Your guesses so far: {formatCount(n)} of {formatCount(env.positions.length)} positions
      </h4>
      <div className="table-wrap" role="region" aria-label="Guess counts" tabIndex={0}>
        <table className="tokens" data-testid="yam-guess-table">
          <caption>
            Positions right at each guess, and their share q<sub>i</sub>
          </caption>
          <thead>
            <tr>
              <th scope="col">Right at guess</th>
              <th scope="col" className="num">
                You
              </th>
              <th scope="col" className="num">
                The model
              </th>
            </tr>
          </thead>
          <tbody>
            {classes.map((i) => (
              <tr key={i}>
                <th scope="row">{i + 1 >= GAVE_UP ? `more than ${MAX_GUESSES}` : i + 1}</th>
                <td className="num">{share(student.classes[i]!)}</td>
                <td className="num">{share(model.classes[i]!)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        With q<sub>i</sub> the share of positions right at guess i, Shannon (1951) bounds the entropy H of the
        text per token, in {name}:
      </p>
      <Formula display tex={`H \\le -\\sum_i q_i ${lg} q_i`} />
      <Formula display tex={`H \\ge \\sum_i i\\,(q_i - q_{i+1})\\,${lg} i`} />
      <dl className="yam-pair yam-tally">
        <div className="yam-you">
          <dt>From your guesses</dt>
          <dd data-testid="yam-bounds-you">{bounds(student.bounds)}</dd>
        </div>
        <div className="yam-model">
          <dt>From the model’s ranks</dt>
          <dd data-testid="yam-bounds-model">{bounds(model.bounds)}</dd>
        </div>
      </dl>
      {crossed && (
        <p>
          Here a lower bound is above its upper one: the shares q<sub>i</sub> do not fall as i grows, as an
          ideal guesser’s do (q<sub>1</sub> ≥ q<sub>2</sub> ≥ …), so the lower bound is not guaranteed for
          them. More positions help.
        </p>
      )}
      <p className="help">
        A position given up, or not right within {MAX_GUESSES} guesses, counts as {GAVE_UP} guesses (“more
        than {MAX_GUESSES}”); its real count could be larger, which can only raise both bounds. With the
        model’s ranks capped the same way, its bounds would be {formatLoss(model.capped.lower)} and{' '}
        {formatLoss(model.capped.upper)} {name}. The upper bound holds for any guesser with a fixed order; the
        lower one is proven for the ideal guesser only, and over a few positions both are rough.
      </p>
      <div className="yam-actions">
        <button type="button" onClick={onRestart}>
          Start again
        </button>
      </div>
    </div>
  );
}
