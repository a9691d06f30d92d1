/**
 * The bet game's running tally: the student's mean −log q and perplexity beside the model's mean
 * −log p and perplexity over the same positions (bet.ts scoreGame), the per-position chart and
 * table, and the game's export as JSON and CSV.
 */
import { FormattedMessage } from 'react-intl';
import type { ReactNode } from 'react';
import { inUnit } from '../../math';
import { formatCount, formatLoss, formatPerplexity } from '../view/format';
import { Num } from '../view/Num';
import { GameChart, gameRows, GameTable } from './game-chart';
import { gameCsv, gameExport, scoreRounds, type BetRound } from './game-model';
import { GameActions, gameMessages, saveGameFile, unitWords, type GameEnv } from './game-parts';

/** Downloads the game: JSON (the export object) or CSV (one row per position). */
function save(env: GameEnv, rounds: readonly BetRound[], as: 'json' | 'csv'): void {
  const exported = gameExport(rounds, env.shown.result, env.decode);
  saveGameFile('you-are-the-model', as, exported, () => gameCsv(exported));
}

interface GameResultsProps {
  env: GameEnv;
  rounds: readonly BetRound[];
  onRestart: () => void;
}

export function GameResults({ env, rounds, onRestart }: GameResultsProps) {
  const { units, V } = env;
  const { log, name } = unitWords(units);
  const base = units === 'bits' ? '2' : 'e';
  const { studentLosses, student, model } = scoreRounds(rounds, env.shown.result);
  const rows = gameRows(env, rounds, studentLosses);
  const n = student.count;
  const you = inUnit(student.loss, units);
  const them = inUnit(model.loss, units);
  const total = env.positions.length;
  return (
    <div className="yam-results">
      <h4>
        <FormattedMessage
          id="game.results.title"
          defaultMessage="Your game so far: {played} of {count, plural, one {{total} position} other {{total} positions}}"
          values={{ played: formatCount(n), count: total, total: formatCount(total) }}
        />
      </h4>
      <dl className="yam-pair yam-tally">
        <div className="yam-you">
          <dt>
            <FormattedMessage {...gameMessages.you} />
          </dt>
          <dd>
            <FormattedMessage
              id="game.results.you"
              defaultMessage="loss (mean {log} q) {loss} {unit} · perplexity {perplexity}"
              description="The student’s totals: the mean of {log} q (−ln or −log₂ of the student’s probabilities) in {unit} (nats or bits), and the perplexity."
              values={{
                log,
                loss: <Num value={you} text={formatLoss(you)} testId="yam-student-loss" />,
                unit: name,
                perplexity: (
                  <Num
                    value={student.perplexity}
                    text={formatPerplexity(student.perplexity)}
                    testId="yam-student-ppl"
                  />
                ),
              }}
            />
          </dd>
        </div>
        <div className="yam-model">
          <dt>
            <FormattedMessage
              id="game.results.model"
              defaultMessage="{count, plural, one {The model, at the same position} other {The model, at the same positions}}"
              description="The model’s side of the totals, over the positions the student played."
              values={{ count: n }}
            />
          </dt>
          <dd>
            <FormattedMessage
              id="game.results.model.line"
              defaultMessage="loss (mean {log} p) {loss} {unit} · perplexity {perplexity}"
              description="The model’s totals: the mean of {log} p (−ln or −log₂ of the model’s probabilities) in {unit} (nats or bits), and the perplexity."
              values={{
                log,
                loss: <Num value={them} text={formatLoss(them)} testId="yam-model-loss-mean" />,
                unit: name,
                perplexity: (
                  <Num
                    value={model.perplexity}
                    text={formatPerplexity(model.perplexity)}
                    testId="yam-model-ppl"
                  />
                ),
              }}
            />
          </dd>
        </div>
      </dl>
      <p>
        <FormattedMessage
          id="game.results.perplexity"
          defaultMessage="Your perplexity, {base}<sup>loss</sup> = {perplexity}, is your own effective number of choices: you did as well as someone who picks uniformly among {perplexity} tokens that always include the right one. The model’s is {modelPerplexity} here; guessing uniformly over all {vocab} tokens gives {vocab}."
          description="{base} is e or 2 (the unit’s base); “loss” is the exponent of the formula base^loss."
          values={{
            base,
            sup: (chunks: ReactNode[]) => <sup>{chunks}</sup>,
            perplexity: formatPerplexity(student.perplexity),
            modelPerplexity: formatPerplexity(model.perplexity),
            vocab: formatCount(V),
          }}
        />
      </p>
      <GameChart env={env} rows={rows} />
      <GameTable env={env} rows={rows} />
      <GameActions save={(as) => save(env, rounds, as)} onRestart={onRestart} />
      <p className="help">
        <FormattedMessage
          id="game.results.files"
          defaultMessage="The files give losses in nats and count texts and positions from 0, as the page’s other exports do (the page counts from 1)."
        />
      </p>
    </div>
  );
}
