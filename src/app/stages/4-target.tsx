/**
 * Stage 4: the gather. Softmax gave each of the V tokens a probability at every (b, t); the loss
 * keeps one per position, the target's:
 *   p_{b,t} = softmax(z_{b,t})_{y_{b,t}} = e^{z_{b,t,y}} / Σ_j e^{z_{b,t,j}} = e^{z_{b,t,y} − lse_{b,t}}
 * so (B, T, V) probabilities become (B, T). The focused position's formula is filled with its
 * target logit z_y and log-sum-exp from the computed result (engine or CPU twin), in nats.
 */
import { EntropyPanel } from '../explore/entropy';
import { clampFocus } from '../state';
import { Formula, texNumber } from '../view/Formula';
import { formatChoices, formatCount, formatNumber, formatProb } from '../view/format';
import { Num } from '../view/Num';
import { TokenTable } from '../view/TokenTable';
import { showToken } from '../view/tokens';
import type { StageProps } from './stage';
import './target.css';

/** z_{b,t,y} over Σ_j e^{z_{b,t,j}}, the general gather, in TeX. */
const GENERAL_TEX = String.raw`\begin{aligned} p_{b,t} &= \operatorname{softmax}(z_{b,t})_{y_{b,t}} \\ &= \frac{e^{\,z_{b,t,\,y_{b,t}}}}{\sum_{j} e^{\,z_{b,t,j}}} \end{aligned}`;

export function Stage4Target({ shown, state, dispatch, decode }: StageProps) {
  const { result, source } = shown;
  const [B, T, V] = result.shape;
  const focus = clampFocus(state.focus, result.shape);
  const token = result.tokens[focus.b * T + focus.t];
  const all = B * T * V;
  const padded = B * T - result.count;
  const where = `text ${focus.b + 1}, position ${focus.t + 1}`;
  const sub = `${focus.b + 1},${focus.t + 1}`;

  return (
    <div className="target-stage">
      <div className="stage-prose">
        <p>
          At each position, softmax gave every one of the {formatCount(V)} tokens of the vocabulary a
          probability. The loss needs only one of them: the probability of the <strong>target</strong>, the
          token that really came next. Picking that one value out by the target’s id is called a{' '}
          <strong>gather</strong> (in PyTorch, <code>probs[b, t, targets[b, t]]</code>). It is done once per
          position, so a table of probabilities shaped (B, T, V) becomes one of shape (B, T).
        </p>
      </div>

      <div className="gather-strip" role="group" aria-label="The gather in numbers">
        <p className="gather-box">
          <span className="gather-label">softmax gave</span>
          <Num value={all} text={formatCount(all)} className="gather-value" />
          <span className="gather-note">
            probabilities: {formatCount(B)} × {formatCount(T)} positions × {formatCount(V)} tokens
          </span>
        </p>
        <p className="gather-step" aria-hidden="true">
          → gather at the targets →
        </p>
        <p className="gather-box">
          <span className="gather-label">the loss keeps</span>
          <Num value={result.count} text={formatCount(result.count)} className="gather-value" />
          <span className="gather-note">
            {result.count === 1 ? 'probability' : 'probabilities'}, one per scored position
            {padded > 0
              ? `; ${formatCount(padded)} padding ${padded === 1 ? 'position' : 'positions'} skipped`
              : ''}
          </span>
        </p>
      </div>

      <div className="gather-focus">
        <h3>
          The gather at {where}
          {token && !token.ignored && decode ? (
            <>
              {': '}
              <span className="token" aria-hidden="true">
                {showToken(decode(token.target))}
              </span>
              <span className="visually-hidden">“{decode(token.target)}”</span>
            </>
          ) : null}
        </h3>
        {/* KaTeX's MathML is what screen readers read; a div may not carry an aria-label. */}
        <Formula tex={GENERAL_TEX} display />
        {token && !token.ignored ? (
          <>
            <Formula
              display
              tex={String.raw`\begin{aligned} p_{${sub}} &= \operatorname{softmax}(z_{${sub}})_{${token.target}} \\ &= \frac{e^{${texNumber(
                formatNumber(token.targetLogit),
              )}}}{e^{${texNumber(formatNumber(token.logSumExp))}}} \approx ${texNumber(formatProb(token.prob))} \end{aligned}`}
            />
            <p>
              The target’s logit is z ={' '}
              <Num value={token.targetLogit} text={formatNumber(token.targetLogit)} /> and the sum over all{' '}
              {formatCount(V)} tokens is Σ e<sup>z</sup> = e
              <sup>
                <Num value={token.logSumExp} text={formatNumber(token.logSumExp)} />
              </sup>
              , so the model gave the right token p ={' '}
              <Num value={token.prob} text={formatProb(token.prob)} testId="focus-p" />: about 1 chance in{' '}
              {formatChoices(1 / token.prob)}. A model that spread its bets evenly would give every token 1/
              {formatCount(V)} = {formatProb(1 / V)}.
            </p>
          </>
        ) : (
          <p>
            Position {focus.t + 1} of text {focus.b + 1} is padding (target {formatNumber(result.ignoreIndex)}
            ): there is nothing to gather, and it is left out of the loss. Choose another position in the
            table.
          </p>
        )}
        <p className="target-hint">
          Choose a position number in the table to fill the formula with its numbers.
        </p>
      </div>

      <TokenTable
        result={result}
        inputs={source.inputs}
        decode={decode}
        units={state.units}
        focus={focus}
        onFocus={(f) => dispatch({ type: 'focus', focus: f })}
      />
      <EntropyPanel result={result} units={state.units} decode={decode} />
    </div>
  );
}
