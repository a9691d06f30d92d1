/**
 * Stage 7: perplexity k = e^L (L in nats; 2^L in bits), the geometric mean of 1/p over the scored
 * tokens, read as "as well as a uniform guess among k words that always include the right one"
 * (surprise at the real tokens; the model's own uncertainty is e^H, in the entropy panel). A slider over L from 0 to a little past ln V, starting at this
 * model's loss, with marks for a perfect model (L = 0, k = 1), this model, and a uniform guess
 * over the vocabulary (L = ln V, k = V). The k words are drawn: as tiles with their text while
 * k is small, then as lit dots among all V words on a canvas. A chart of k = e^L on a log k axis
 * shows where the slider is.
 */
import { scaleLinear } from 'd3-scale';
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { inUnit, perplexityIn, toNats, uniformLoss, type InfoUnit } from '../../math';
import { openGame } from '../explore/game-link';
import { ModelCompare } from '../explore/model-compare';
import { MeanPitfalls } from '../explore/pitfalls';
import { TrainingPanel } from '../explore/training';
import { intlNumber } from '../i18n/numbers';
import { formatChoices, formatCount, formatLoss, formatProb } from '../view/format';
import { Num } from '../view/Num';
import { ChartExport } from '../view/ChartExport';
import type { Decode } from '../view/tokens';
import { useElementWidth, useTheme } from '../view/hooks';
import { prepareCanvas } from './logits-canvas';
import { tokenLabel } from './logits-row';
import {
  dotGrid,
  sliderRange,
  stepValue,
  TILE_MAX,
  wordCount,
  wordOrder,
  type SliderRange,
} from './perplexity-slider';
import type { StageProps } from './stage';
import './perplexity.css';

interface Mark {
  key: string;
  /** The mark's name in the page's language. */
  name: string;
  /** Loss in the reader's units. */
  loss: number;
}

const sup = (chunks: ReactNode[]) => <sup>{chunks}</sup>;
const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/** The unit's name after a number: "nats" or "bits". */
function unitWord(intl: IntlShape, units: InfoUnit): string {
  return units === 'bits'
    ? intl.formatMessage({
        id: 'stage7.unit.bits',
        defaultMessage: 'bits',
        description: 'Unit of information (log base 2), after a number: “15.57 bits”.',
      })
    : intl.formatMessage({
        id: 'stage7.unit.nats',
        defaultMessage: 'nats',
        description: 'Unit of information (natural log), after a number: “10.79 nats”.',
      });
}

/** k words as tiles with their text (k ≤ TILE_MAX). */
function WordTiles({ n, vocab, decode }: { n: number; vocab: number; decode: Decode | null }) {
  const intl = useIntl();
  const order = wordOrder(vocab);
  const words = Array.from(order.subarray(0, n), (id) => tokenLabel(id, decode));
  return (
    <ul
      className="perplexity-tiles"
      role="img"
      aria-label={intl.formatMessage(
        {
          id: 'stage7.tiles.label',
          defaultMessage:
            '{count, plural, one {{countText} equally likely word: {words}} other {{countText} equally likely words: {words}}}',
          description:
            'Accessible name of the tiles that show k words; {words} lists the first of them (tokens, as written), ending in “, …” when there are more.',
        },
        {
          count: n,
          countText: intlNumber(n, { useGrouping: false }),
          words: `${words.slice(0, 12).join(', ')}${n > 12 ? ', …' : ''}`,
        },
      )}
    >
      {words.map((w, i) => (
        <li key={i} aria-hidden="true">
          {w}
        </li>
      ))}
    </ul>
  );
}

/** Reads a CSS colour variable, so the canvas follows the theme (light or dark). */
function cssColour(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/** All V words as faint dots, the first n of wordOrder lit: the density is n / V. */
function WordDots({ n, vocab }: { n: number; vocab: number }) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrap, 640);
  const height = Math.round(Math.min(240, Math.max(160, width * 0.3)));
  const scheme = useTheme();

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const ctx = prepareCanvas(el, width, height);
    if (!ctx) return;
    const { cols, cell } = dotGrid(vocab, width, height);
    const order = wordOrder(vocab);
    // Unlit words: one small square each, or a single wash when the squares would touch.
    ctx.fillStyle = cssColour(el, '--line', '#dcd8cd');
    const faint = cell * 0.7;
    ctx.beginPath();
    if (cell >= 3) {
      for (let i = 0; i < vocab; i++) {
        ctx.rect(
          (i % cols) * cell + (cell - faint) / 2,
          Math.floor(i / cols) * cell + (cell - faint) / 2,
          faint,
          faint,
        );
      }
    } else {
      const rows = Math.ceil(vocab / cols);
      ctx.rect(0, 0, cols * cell, (rows - 1) * cell);
      ctx.rect(0, (rows - 1) * cell, (vocab - (rows - 1) * cols) * cell, cell);
    }
    ctx.fill();
    // Lit words: at least 2.5 px so a few among tens of thousands still show.
    ctx.fillStyle = cssColour(el, '--accent', '#2c4a96');
    const lit = Math.max(2.5, cell * 0.8);
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const id = order[i]!;
      const cx = (id % cols) * cell + cell / 2;
      const cy = Math.floor(id / cols) * cell + cell / 2;
      ctx.rect(cx - lit / 2, cy - lit / 2, lit, lit);
    }
    ctx.fill();
  }, [n, vocab, width, height, scheme]);

  const intl = useIntl();
  const dotsText = intl.formatMessage(
    {
      id: 'stage7.dots.label',
      defaultMessage:
        '{count, plural, other {{countText} of the {vocab} words lit, {percent}% of the vocabulary}}',
      description:
        'Accessible name and export caption of the picture of the whole vocabulary as dots, k of them lit.',
    },
    {
      count: n,
      countText: formatCount(n),
      vocab: formatCount(vocab),
      percent: formatLoss((100 * n) / vocab),
    },
  );
  return (
    <div className="perplexity-dots" ref={wrap}>
      <canvas
        ref={canvas}
        style={{ width: `${width}px`, height: `${height}px` }}
        role="img"
        aria-label={dotsText}
      />
      <ChartExport
        chart={wrap}
        name={intl.formatMessage({
          id: 'stage7.dots.export',
          defaultMessage: 'word dots',
          description:
            'The picture’s name in its export buttons: “Export chart as PNG (the word dots chart)”.',
        })}
        file="perplexity-words"
        caption={dotsText}
      />
    </div>
  );
}

/** k = e^L (or 2^L) against L, on a log k axis, with the marks and the slider's point. */
function CurveChart({
  value,
  range,
  marks,
  units,
}: {
  value: number;
  range: SliderRange;
  marks: Mark[];
  units: InfoUnit;
}) {
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const W = useElementWidth(ref, 640);
  const H = 270;
  const m = { top: 62, right: 16, bottom: 40, left: 58 };
  /** Baseline of mark i's label: one row each, under the axis title. */
  const labelY = (i: number) => 30 + 13 * i;
  const kMax = perplexityIn(range.max, units);
  const decades = Math.ceil(Math.log10(kMax));
  const x = scaleLinear()
    .domain([range.min, range.max])
    .range([m.left, W - m.right]);
  const y = scaleLinear()
    .domain([0, decades])
    .range([H - m.bottom, m.top]);
  const log10k = (loss: number) => Math.log10(perplexityIn(loss, units));
  const unitName = unitWord(intl, units);
  const xTicks = x.ticks(Math.max(3, Math.floor(W / 90)));
  const k = perplexityIn(value, units);
  const curveText = intl.formatMessage(
    {
      id: 'stage7.curve.title',
      defaultMessage:
        'k = {base} to the loss, a straight line on a log k axis from k = 1 at loss 0 to k = {kMax} at {max} {unit}; the slider is at loss {value}, k = {k}.',
      description:
        'The chart of perplexity k against the loss, described. {base} is e (or 2 in bits): k = e to the power of the loss.',
    },
    {
      base: units === 'bits' ? '2' : 'e',
      kMax: formatChoices(kMax),
      max: formatLoss(range.max),
      unit: unitName,
      value: formatLoss(value),
      k: formatChoices(k),
    },
  );
  const marksText = marks
    .map((mark) =>
      intl.formatMessage(
        {
          id: 'stage7.curve.mark',
          defaultMessage: '{name}: {loss} {unit}, k = {k}',
          description:
            'One mark of the chart (perfect model, this model, uniform guess) with its loss and perplexity k. The marks are listed with “; ” between them.',
        },
        {
          name: mark.name,
          loss: formatLoss(mark.loss),
          unit: unitName,
          k: formatChoices(perplexityIn(mark.loss, units)),
        },
      ),
    )
    .join('; ');
  return (
    <div className="perplexity-curve" ref={ref}>
      <svg width={W} height={H} role="img" aria-labelledby={`${id}-curve`}>
        <title id={`${id}-curve`}>{curveText}</title>
        <g className="perplexity-axis" aria-hidden="true">
          {Array.from({ length: decades + 1 }, (_, d) => (
            <g key={d}>
              <line className="perplexity-grid" x1={m.left} x2={W - m.right} y1={y(d)} y2={y(d)} />
              <text x={m.left - 6} y={y(d)} dy="0.32em" textAnchor="end">
                {formatCount(10 ** d)}
              </text>
            </g>
          ))}
          <line x1={m.left} x2={W - m.right} y1={H - m.bottom} y2={H - m.bottom} />
          {xTicks.map((t) => (
            <text key={t} x={x(t)} y={H - m.bottom + 16} textAnchor="middle">
              {intlNumber(t, { maximumFractionDigits: 6, useGrouping: false })}
            </text>
          ))}
          <text
            x={(m.left + W - m.right) / 2}
            y={H - 4}
            textAnchor="middle"
            className="perplexity-axis-title"
          >
            <FormattedMessage
              id="stage7.curve.axis.loss"
              defaultMessage="loss L ({unit})"
              description="Title of the chart’s horizontal axis: the loss L, in nats or bits."
              values={{ unit: unitName }}
            />
          </text>
          <text x={m.left - 6} y={14} className="perplexity-axis-title">
            <FormattedMessage
              id="stage7.curve.axis.k"
              defaultMessage="k (log scale)"
              description="Title of the chart’s vertical axis: the perplexity k, on a logarithmic scale."
            />
          </text>
        </g>
        <g aria-hidden="true">
          <line
            className="perplexity-line"
            x1={x(range.min)}
            y1={y(log10k(range.min))}
            x2={x(range.max)}
            y2={y(log10k(range.max))}
          />
          {marks.map((mark, i) => (
            <g key={mark.key}>
              <line
                className="perplexity-mark"
                x1={x(mark.loss)}
                x2={x(mark.loss)}
                y1={y(log10k(mark.loss))}
                y2={labelY(i) + 3}
              />
              <circle className="perplexity-mark-dot" cx={x(mark.loss)} cy={y(log10k(mark.loss))} r={4} />
              {/* Marks close together (this model and a uniform guess) label on their own rows. */}
              <text
                className="perplexity-mark-label"
                x={x(mark.loss) + (i === 0 ? 4 : -4)}
                y={labelY(i)}
                textAnchor={i === 0 ? 'start' : 'end'}
              >
                {mark.name}
              </text>
            </g>
          ))}
          <line
            className="perplexity-guide"
            x1={m.left}
            x2={x(value)}
            y1={y(log10k(value))}
            y2={y(log10k(value))}
          />
          <circle className="perplexity-now" cx={x(value)} cy={y(log10k(value))} r={7} />
        </g>
      </svg>
      <ChartExport
        chart={ref}
        name={intl.formatMessage({
          id: 'stage7.curve.export',
          defaultMessage: 'perplexity curve',
          description:
            'The chart’s name in its export buttons: “Export chart as PNG (the perplexity curve chart)”.',
        })}
        file="perplexity-curve"
        caption={
          marksText
            ? intl.formatMessage(
                {
                  id: 'stage7.curve.caption',
                  defaultMessage: '{curve} {marks}.',
                  description:
                    'Caption under the exported perplexity chart: its description (a sentence), then the list of its marks.',
                },
                { curve: curveText, marks: marksText },
              )
            : curveText
        }
      />
    </div>
  );
}

export function Stage7Perplexity({ shown, state, dispatch, decode, session, backend }: StageProps) {
  const { result } = shown;
  const intl = useIntl();
  const units = state.units;
  const V = result.shape[2];
  const id = useId();
  const range = sliderRange(V, units, result.loss);
  const unitName = unitWord(intl, units);
  const base = units === 'bits' ? '2' : 'e';

  const modelLoss = inUnit(result.loss, units);
  const uniform = inUnit(uniformLoss(V), units);
  const value = Math.min(range.max, inUnit(state.sliderLoss ?? result.loss, units));
  const k = perplexityIn(value, units);
  const n = wordCount(k, V);
  const marks: Mark[] = [
    {
      key: 'perfect',
      name: intl.formatMessage({
        id: 'stage7.mark.perfect',
        defaultMessage: 'perfect model',
        description: 'A mark on the loss slider: a model that gives the right token p = 1 (loss 0).',
      }),
      loss: 0,
    },
    ...(Number.isFinite(modelLoss)
      ? [
          {
            key: 'model',
            name: intl.formatMessage({
              id: 'stage7.mark.model',
              defaultMessage: 'this model',
              description: 'A mark on the loss slider: the loss of the model whose numbers are on the page.',
            }),
            loss: modelLoss,
          },
        ]
      : []),
    {
      key: 'uniform',
      name: intl.formatMessage({
        id: 'stage7.mark.uniform',
        defaultMessage: 'uniform guess',
        description:
          'A mark on the loss slider: a model that gives every word of the vocabulary the same probability.',
      }),
      loss: uniform,
    },
  ];

  const set = (loss: number) => dispatch({ type: 'slider-loss', loss: toNats(loss, units) });
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const steps: Record<string, number> = {
      ArrowRight: 1,
      ArrowUp: 1,
      ArrowLeft: -1,
      ArrowDown: -1,
      // Page Up / Page Down are left to the page: a presenter's clicker sends them to change stage.
    };
    let next: number | null = null;
    if (event.key === 'Home') next = range.min;
    else if (event.key === 'End') next = range.max;
    else if (event.key in steps) next = stepValue(value, steps[event.key]!, range);
    if (next === null) return;
    event.preventDefault();
    set(next);
  };

  // k < 1.5 reads "word": the count is k rounded, as shown.
  const valueText = intl.formatMessage(
    {
      id: 'stage7.slider.value',
      defaultMessage: 'loss {loss} {unit}, k = {count, plural, one {{k} word} other {{k} words}}',
      description:
        'What a screen reader says of the loss slider’s value: the loss and the perplexity k it gives.',
    },
    {
      loss: intlNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }),
      unit: unitName,
      count: Math.round(k),
      k: formatChoices(k),
    },
  );

  return (
    <div className="perplexity">
      <p>
        <FormattedMessage
          id="stage7.intro"
          defaultMessage="Perplexity turns the loss back into a count: k = {base}<sup>L</sup>, the <strong>geometric mean</strong> of 1/p over the scored tokens, which is also P(text)<sup>−1/N</sup>. It measures surprise at the real next tokens: the model did as well as a uniform guess among k words that always include the right one, each with p = 1/k. A perfect model has k = 1; a uniform guess over all {vocab} words gives k = {vocab}."
          description="Stage 7’s introduction. {base} is e (or 2 in bits), raised to the loss L; P(text) is the probability of the whole text; {vocab} the vocabulary’s size."
          values={{ base, vocab: formatCount(V), sup, strong }}
        />
      </p>
      <p>
        <FormattedMessage
          id="stage7.not.uncertainty"
          defaultMessage="It is not the model’s own uncertainty, which is {base}<sup>H</sup> with H the entropy of its predictions (“Entropy beside cross-entropy” on the p(target) stage): a confident model that is wrong has a small {base}<sup>H</sup> and a huge perplexity."
          description="{base} is e (or 2 in bits). “Entropy beside cross-entropy” is the title of a panel on the p(target) stage (stage 4): use the same words as that panel and that stage’s name."
          values={{ base, sup }}
        />
      </p>

      <div className="perplexity-slider">
        <label htmlFor={`${id}-slider`}>
          <FormattedMessage
            id="stage7.slider.label"
            defaultMessage="Loss L ({unit})"
            description="Label of the slider that sets a loss L, in nats or bits."
            values={{ unit: unitName }}
          />
        </label>
        <input
          id={`${id}-slider`}
          type="range"
          min={range.min}
          max={range.max}
          step="any"
          value={value}
          list={`${id}-marks`}
          aria-valuenow={value}
          aria-valuetext={valueText}
          onChange={(e) => set(Number(e.currentTarget.value))}
          onKeyDown={onKeyDown}
        />
        <datalist id={`${id}-marks`}>
          {marks.map((mark) => (
            <option key={mark.key} value={mark.loss} label={mark.name} />
          ))}
        </datalist>
        <p className="perplexity-readout">
          <FormattedMessage
            id="stage7.slider.readout"
            defaultMessage="L = {loss} {unit} → k = {base}<sup>L</sup> = {k} {count, plural, one {word} other {words}}"
            description="Under the slider: the loss L and the perplexity k = e^L (or 2^L in bits) as a count of words; k below 1.5 reads “word”."
            values={{
              loss: <Num value={value} text={formatLoss(value)} testId="slider-loss" />,
              unit: unitName,
              base,
              sup,
              k: <Num value={k} text={formatChoices(k)} testId="slider-k" />,
              count: Math.round(k),
            }}
          />
          {k > V * 1.0005 && (
            <span className="perplexity-worse">
              {' '}
              <FormattedMessage
                id="stage7.slider.worse"
                defaultMessage="(worse than guessing uniformly)"
                description="After the slider’s perplexity k when k is more than the vocabulary’s size."
              />
            </span>
          )}
        </p>
        <div
          className="perplexity-jumps"
          role="group"
          aria-label={intl.formatMessage({
            id: 'stage7.jumps.label',
            defaultMessage: 'Move the slider to',
            description: 'Accessible name of the buttons that move the slider to a mark (perfect model, …).',
          })}
        >
          {marks.map((mark) => (
            <button key={mark.key} type="button" onClick={() => set(mark.loss)} data-mark={mark.key}>
              {mark.name} · {formatLoss(mark.loss)}
            </button>
          ))}
        </div>
      </div>

      <h3 className="perplexity-heading">
        {n > TILE_MAX ? (
          <FormattedMessage
            id="stage7.words.heading.among"
            defaultMessage="{count, plural, one {{countText} equally likely word among all {vocab}, each with p = 1/k = {p}} other {{countText} equally likely words among all {vocab}, each with p = 1/k = {p}}}"
            description="Heading over the picture of the vocabulary: k words of the {vocab} lit, each with the same probability p."
            values={{ count: n, countText: formatCount(n), vocab: formatCount(V), p: formatProb(1 / k) }}
          />
        ) : (
          <FormattedMessage
            id="stage7.words.heading"
            defaultMessage="{count, plural, one {{countText} equally likely word, each with p = 1/k = {p}} other {{countText} equally likely words, each with p = 1/k = {p}}}"
            description="Heading over the k words shown as tiles, each with the same probability p."
            values={{ count: n, countText: formatCount(n), p: formatProb(1 / k) }}
          />
        )}
      </h3>
      {n <= TILE_MAX ? <WordTiles n={n} vocab={V} decode={decode} /> : <WordDots n={n} vocab={V} />}
      <p className="perplexity-note">
        {n > TILE_MAX ? (
          <FormattedMessage
            id="stage7.words.dots"
            defaultMessage="Each dot is one of the {vocab} words; a uniform guess among the {count, plural, other {{countText} lit ones}}, the right word always one of them, scores this loss."
            description="Under the picture of the whole vocabulary as dots, k of them lit."
            values={{ vocab: formatCount(V), count: n, countText: formatCount(n) }}
          />
        ) : decode ? (
          <FormattedMessage
            id="stage7.words.tiles"
            defaultMessage="Words picked across the vocabulary. Move the slider right and more appear."
            description="Under the k words shown as tiles."
          />
        ) : (
          <FormattedMessage
            id="stage7.words.tiles.ids"
            defaultMessage="Words picked across the vocabulary (shown by id). Move the slider right and more appear."
            description="Under the k words shown as tiles, when the words’ text is not known and each shows its number (id) in the vocabulary."
          />
        )}
      </p>

      <CurveChart value={value} range={range} marks={marks} units={units} />
      <details className="perplexity-numbers">
        <summary>
          <FormattedMessage
            id="stage7.table.title"
            defaultMessage="The marks as numbers"
            description="The folded table of the slider’s marks (perfect model, this model, uniform guess) and the slider."
          />
        </summary>
        <table className="tokens">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="stage7.table.mark"
                  defaultMessage="Mark"
                  description="Column header: the mark’s name (perfect model, this model, uniform guess, the slider)."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="stage7.table.loss"
                  defaultMessage="L ({unit})"
                  description="Column header: the loss L, in nats or bits."
                  values={{ unit: unitName }}
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="stage7.table.k"
                  defaultMessage="k"
                  description="Column header: the symbol of the perplexity k. Usually kept as k."
                />
              </th>
            </tr>
          </thead>
          <tbody>
            {[
              ...marks,
              {
                key: 'slider',
                name: intl.formatMessage({
                  id: 'stage7.table.slider',
                  defaultMessage: 'the slider',
                  description: 'A row of the marks’ table: the loss the slider is at now.',
                }),
                loss: value,
              },
            ].map((mark) => (
              <tr key={mark.key}>
                <td>{mark.name}</td>
                <td className="num">{formatLoss(mark.loss)}</td>
                <td className="num">{formatChoices(perplexityIn(mark.loss, units))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p className="perplexity-note">
        <FormattedMessage
          id="stage7.game"
          defaultMessage="What is your own perplexity? <button>Play “You are the model”</button> on the −log p stage: predict the texts’ next tokens yourself and compare your perplexity with the model’s."
          description="The button opens the game “You are the model” (use the game’s own title) on the −log p stage (stage 5)."
          values={{
            button: (chunks: ReactNode[]) => (
              <button type="button" onClick={() => openGame(dispatch)}>
                {chunks}
              </button>
            ),
          }}
        />
      </p>
      <ModelCompare shown={shown} units={units} dispatch={dispatch} />
      <MeanPitfalls result={result} units={units} />
      <TrainingPanel dispatch={dispatch} session={session} backend={backend} units={units} />
    </div>
  );
}
