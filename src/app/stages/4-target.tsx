/**
 * Stage 4: the gather. Softmax gave each of the V tokens a probability at every (b, t); the loss
 * keeps one per position, the target's:
 *   p_{b,t} = softmax(z_{b,t})_{y_{b,t}} = e^{z_{b,t,y}} / Σ_j e^{z_{b,t,j}} = e^{z_{b,t,y} − lse_{b,t}}
 * so (B, T, V) probabilities become (B, T). The focused position's formula is filled with its
 * target logit z_y and log-sum-exp from the computed result (engine or CPU twin), in nats.
 */
import { FormattedMessage, useIntl } from 'react-intl';
import { EntropyPanel } from '../explore/entropy';
import { clampFocus } from '../state';
import { Formula, texNumber } from '../view/Formula';
import { formatChoices, formatCount, formatNumber, formatProb } from '../view/format';
import { Num } from '../view/Num';
import { TokenTable } from '../view/TokenTable';
import { showToken } from '../view/tokens';
import { tokenSpoken, whereText } from './logits-row';
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
  const where = whereText(focus.b, focus.t);
  const intl = useIntl();
  const sub = `${focus.b + 1},${focus.t + 1}`;

  return (
    <div className="target-stage">
      <div className="stage-prose">
        <p>
          <FormattedMessage
            id="stage4.intro"
            defaultMessage="At each position, softmax gave every one of the {vocabulary} tokens of the vocabulary a probability. The loss needs only one of them: the probability of the <strong>target</strong>, the token that really came next. Picking that one value out by the target’s id is called a <strong>gather</strong> (in PyTorch, {code}). It is done once per position, so a table of probabilities shaped (B, T, V) becomes one of shape (B, T)."
            description="{code} is PyTorch code, kept as it is. B, T and V are the tensor’s dimensions (texts, positions, vocabulary), kept as they are. “gather” is the name of the operation (torch.gather)."
            values={{
              vocabulary: formatCount(V),
              strong: (chunks) => <strong>{chunks}</strong>,
              code: <code>probs[b, t, targets[b, t]]</code>,
            }}
          />
        </p>
      </div>

      <div
        className="gather-strip"
        role="group"
        aria-label={intl.formatMessage({
          id: 'stage4.strip.label',
          defaultMessage: 'The gather in numbers',
          description: 'Accessible name of the strip that shows how many probabilities the gather keeps.',
        })}
      >
        <p className="gather-box">
          <span className="gather-label">
            <FormattedMessage
              id="stage4.strip.all.label"
              defaultMessage="softmax gave"
              description="Above a big number: how many probabilities softmax gave (then “probabilities: B × T positions × V tokens”)."
            />
          </span>
          <Num value={all} text={formatCount(all)} className="gather-value" />
          <span className="gather-note">
            <FormattedMessage
              id="stage4.strip.all.note"
              defaultMessage="probabilities: {texts} × {positions} positions × {vocabulary} tokens"
              description="Under the number of probabilities softmax gave: how it is made up. {texts} is the number of texts."
              values={{ texts: formatCount(B), positions: formatCount(T), vocabulary: formatCount(V) }}
            />
          </span>
        </p>
        <p className="gather-step" aria-hidden="true">
          <FormattedMessage
            id="stage4.strip.step"
            defaultMessage="→ gather at the targets →"
            description="Arrow between the two numbers of the strip: the gather picks the targets’ probabilities."
          />
        </p>
        <p className="gather-box">
          <span className="gather-label">
            <FormattedMessage
              id="stage4.strip.kept.label"
              defaultMessage="the loss keeps"
              description="Above a big number: how many probabilities the loss keeps (one per scored position)."
            />
          </span>
          <Num value={result.count} text={formatCount(result.count)} className="gather-value" />
          <span className="gather-note">
            {padded > 0 ? (
              <FormattedMessage
                id="stage4.strip.kept.note.padded"
                defaultMessage="{count, plural, one {probability} other {probabilities}}, one per scored position; {padded, plural, one {{paddedText} padding position} other {{paddedText} padding positions}} skipped"
                description="Under the number of probabilities the loss keeps ({count}, shown above it): what they are, and how many padding positions were skipped."
                values={{ count: result.count, padded, paddedText: formatCount(padded) }}
              />
            ) : (
              <FormattedMessage
                id="stage4.strip.kept.note"
                defaultMessage="{count, plural, one {probability} other {probabilities}}, one per scored position"
                description="Under the number of probabilities the loss keeps ({count}, shown above it): what they are."
                values={{ count: result.count }}
              />
            )}
          </span>
        </p>
      </div>

      <div className="gather-focus">
        <h3>
          {token && !token.ignored && decode ? (
            <FormattedMessage
              id="stage4.focus.title.token"
              defaultMessage="The gather at {where}: {token}"
              description="Heading; {where} is e.g. “text 1, position 3”, {token} the target token’s text."
              values={{
                where,
                token: (
                  <>
                    <span className="token" aria-hidden="true">
                      {showToken(decode(token.target))}
                    </span>
                    <span className="visually-hidden">{tokenSpoken(token.target, decode)}</span>
                  </>
                ),
              }}
            />
          ) : (
            <FormattedMessage
              id="stage4.focus.title"
              defaultMessage="The gather at {where}"
              description="Heading; {where} is e.g. “text 1, position 3”."
              values={{ where }}
            />
          )}
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
              <FormattedMessage
                id="stage4.focus.numbers"
                defaultMessage="The target’s logit is z = {z} and the sum over all {vocabulary} tokens is Σ e<sup>z</sup> = e<sup>{logSumExp}</sup>, so the model gave the right token p = {p}: about 1 chance in {choices}. A model that spread its bets evenly would give every token 1/{vocabulary} = {uniform}."
                description="z, Σ, e and p are math notation, kept as they are. {choices} is 1/p rounded, e.g. “about 1 chance in 48,726”."
                values={{
                  z: <Num value={token.targetLogit} text={formatNumber(token.targetLogit)} />,
                  vocabulary: formatCount(V),
                  sup: (chunks) => <sup>{chunks}</sup>,
                  logSumExp: <Num value={token.logSumExp} text={formatNumber(token.logSumExp)} />,
                  p: <Num value={token.prob} text={formatProb(token.prob)} testId="focus-p" />,
                  choices: formatChoices(1 / token.prob),
                  uniform: formatProb(1 / V),
                }}
              />
            </p>
          </>
        ) : (
          <p>
            <FormattedMessage
              id="stage4.focus.padding"
              defaultMessage="Position {position} of text {text} is padding (target {ignoreIndex}): there is nothing to gather, and it is left out of the loss. Choose another position in the table."
              description="{ignoreIndex} is the target id that marks padding, e.g. −100."
              values={{
                position: String(focus.t + 1),
                text: String(focus.b + 1),
                ignoreIndex: formatNumber(result.ignoreIndex),
              }}
            />
          </p>
        )}
        <p className="target-hint">
          <FormattedMessage
            id="stage4.hint"
            defaultMessage="Choose a position number in the table to fill the formula with its numbers."
          />
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
