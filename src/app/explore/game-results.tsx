/**
 * The bet game's running tally: the student's mean −log q and perplexity beside the model's mean
 * −log p and perplexity over the same positions (bet.ts scoreGame), the per-position chart and
 * table, and the game's export as JSON and CSV.
 */
import { inUnit } from '../../math';
import { formatCount, formatLoss, formatPerplexity } from '../view/format';
import { Num } from '../view/Num';
import { saveBlob } from '../view/save-file';
import { GameChart, gameRows, GameTable } from './game-chart';
import { gameCsv, gameExport, scoreRounds, type BetRound } from './game-model';
import { unitWords, type GameEnv } from './game-parts';

/** Downloads the game: JSON (the export object) or CSV (one row per position). */
function save(env: GameEnv, rounds: readonly BetRound[], as: 'json' | 'csv'): void {
  const exported = gameExport(rounds, env.shown.result, env.decode);
  const [text, type] =
    as === 'json'
      ? [JSON.stringify(exported, null, 2) + '\n', 'application/json']
      : [gameCsv(exported), 'text/csv'];
  saveBlob(new Blob([text], { type }), `you-are-the-model.${as}`);
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
  return (
    <div className="yam-results">
      <h4>
        Your game so far: {formatCount(n)} of {formatCount(env.positions.length)}{' '}
        {env.positions.length === 1 ? 'position' : 'positions'}
      </h4>
      <dl className="yam-pair yam-tally">
        <div className="yam-you">
          <dt>You</dt>
          <dd>
            loss (mean {log} q) <Num value={you} text={formatLoss(you)} testId="yam-student-loss" /> {name} ·
            perplexity{' '}
            <Num
              value={student.perplexity}
              text={formatPerplexity(student.perplexity)}
              testId="yam-student-ppl"
            />
          </dd>
        </div>
        <div className="yam-model">
          <dt>The model, at the same {n === 1 ? 'position' : 'positions'}</dt>
          <dd>
            loss (mean {log} p) <Num value={them} text={formatLoss(them)} testId="yam-model-loss-mean" />{' '}
            {name} · perplexity{' '}
            <Num value={model.perplexity} text={formatPerplexity(model.perplexity)} testId="yam-model-ppl" />
          </dd>
        </div>
      </dl>
      <p>
        Your perplexity, {base}
        <sup>loss</sup> = {formatPerplexity(student.perplexity)}, is your own effective number of choices: you
        did as well as someone who picks uniformly among {formatPerplexity(student.perplexity)} tokens that
        always include the right one. The model’s is {formatPerplexity(model.perplexity)} here; guessing
        uniformly over all {formatCount(V)} tokens gives {formatCount(V)}.
      </p>
      <GameChart env={env} rows={rows} />
      <GameTable env={env} rows={rows} />
      <div className="yam-actions">
        <button type="button" onClick={() => save(env, rounds, 'json')}>
          Export game (JSON)
        </button>
        <button type="button" onClick={() => save(env, rounds, 'csv')}>
          Export game (CSV)
        </button>
        <button type="button" onClick={onRestart}>
          Start again
        </button>
      </div>
      <p className="help">
        The files give losses in nats and count texts and positions from 0, as the page’s other exports do
        (the page counts from 1).
      </p>
    </div>
  );
}
