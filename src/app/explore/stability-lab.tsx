/**
 * The numerical-stability lab, under the −log p stage: the focused row's logits z_j scaled by s
 * (and the target's pushed down by Δ), z′_j = s·z_j and z′_y = s·z_y − Δ, through the softmax and
 * −log p twice in float32:
 *   naive:  Σ = Σ_j exp(z′_j),  p_y = exp(z′_y) / Σ,  −ln p_y
 *   stable: m = max_j z′_j,  S = Σ_j exp(z′_j − m),  log-sum-exp = m + ln S,  −ln p_y = LSE − z′_y.
 * With WebGPU the numbers are what shaders/stability-lab.wgsl wrote (engine/stability.ts), inf and
 * NaN included; without, the float32 twin (math/stability.ts) computes them, and the panel says
 * which did. Where the naive sum first overflows on this row comes from the twin (bisection).
 */
import { useEffect, useId, useMemo, useRef, useState, type Dispatch, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { EngineError } from '../../engine';
import { stabilityOnGpu } from '../../engine/stability';
import {
  F32_EXP_OVERFLOW,
  F32_EXP_UNDERFLOW,
  formatF32,
  naiveOverflowScale,
  stabilityCpu,
  type StabilityValues,
} from '../../math';
import type { RowDetail } from '../compute/row-detail';
import { intlNumber } from '../i18n/numbers';
import type { ComputeSession } from '../compute/session';
import { RowPicker } from '../stages/logits-picker';
import { rowOfShown, tokenLabel } from '../stages/logits-row';
import type { AppAction, AppState, Backend, Shown } from '../state';
import { formatCount } from '../view/format';
import { Num } from '../view/Num';
import type { Decode } from '../view/tokens';
import './stability-lab.css';

/** The scale slider runs over [S_MIN, S_MAX] in SLIDER_STEPS equal steps of log s. */
const S_MIN = 1;
const S_MAX = 150;
const SLIDER_STEPS = 1000;
/** The push slider: Δ in [0, PUSH_MAX] in steps of 1. */
const PUSH_MAX = 200;
/** log of the smallest normal float32, 2^−126: below it a GPU may flush p to 0. */
const F32_NORMAL_LOG = -126 * Math.LN2;

const toSlider = (s: number) => Math.round((SLIDER_STEPS * Math.log(s / S_MIN)) / Math.log(S_MAX / S_MIN));
const fromSlider = (i: number) => S_MIN * (S_MAX / S_MIN) ** (i / SLIDER_STEPS);
/** A scale as the number field holds it: 4 significant digits. */
const showScale = (s: number) => String(Number(s.toPrecision(4)));
/** A scale as the text reads it: the same 4 significant digits, in the page's locale. */
const scaleShown = (s: number) => intlNumber(s, { maximumSignificantDigits: 4, useGrouping: false });
/** A typed push as the text reads it: the digits String() writes, in the page's locale. */
function pushShown(d: number): string {
  const s = String(d);
  const dot = s.indexOf('.');
  const digits = dot < 0 ? 0 : s.length - dot - 1;
  if (s.includes('e') || digits > 20) return s.replace('-', '−');
  return intlNumber(d === 0 ? 0 : d, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  });
}

/**
 * A float32 value as the lab prints it, in the page's locale: "inf", "−inf" and "NaN" as
 * formatF32 writes them, finite values with formatF32's 7 significant digits (scientific from
 * 10^6 and below 10^−3, with a small e and true minus signs), so that English reads as before.
 */
function showF32(x: number): string {
  if (!Number.isFinite(x) || x === 0) return formatF32(x);
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3)
    return intlNumber(x, { notation: 'scientific', maximumFractionDigits: 6 }).replace('E', 'e');
  return intlNumber(x, { minimumSignificantDigits: 7, maximumSignificantDigits: 7, useGrouping: false });
}

interface LabProps {
  shown: Shown;
  state: AppState;
  dispatch: Dispatch<AppAction>;
  decode: Decode | null;
  row: RowDetail | null;
  session: ComputeSession | null;
  backend: Backend | null;
}

/**
 * Which back end produced the values, and why the CPU if it was not asked for: the CPU back end
 * is the reader's choice, there is no WebGPU device, the engine said why (its sentence), or the
 * GPU failed otherwise (the error's text).
 */
type CpuWhy =
  | { kind: 'chosen' }
  | { kind: 'no-device' }
  | { kind: 'engine'; reason: string }
  | { kind: 'failed'; error: string };
type ComputedOn = { kind: 'webgpu' } | { kind: 'cpu'; why: CpuWhy };

interface Computed {
  key: string;
  values: StabilityValues;
  on: ComputedOn;
}

interface Request {
  key: string;
  session: ComputeSession | null;
  backend: Backend | null;
  logits: RowDetail['logits'];
  target: number;
  scale: number;
  push: number;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs the latest request, one at a time: a slider moved while the GPU works queues only its
 * newest position. GPU failures fall back to the twin, with the reason.
 */
function useLabValues(request: Request | null) {
  const [computed, setComputed] = useState<Computed | null>(null);
  const pending = useRef<Request | null>(null);
  const running = useRef(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (!request) return;
    pending.current = request;
    if (running.current) return;
    running.current = true;
    void (async () => {
      while (pending.current && alive.current) {
        const r = pending.current;
        pending.current = null;
        const input = { logits: r.logits, scale: r.scale, target: r.target, push: r.push };
        const { session: s, backend: b } = r;
        const engine = s?.gpu;
        let result: Computed;
        if (b === 'webgpu' && engine && !engine.isLost) {
          try {
            const work = stabilityOnGpu(engine.device, input);
            const values = await (s.lost ? Promise.race([work, s.lost]) : work);
            result = { key: r.key, values, on: { kind: 'webgpu' } };
          } catch (error) {
            const why: CpuWhy =
              error instanceof EngineError
                ? { kind: 'engine', reason: error.message }
                : { kind: 'failed', error: messageOf(error) };
            result = { key: r.key, values: stabilityCpu(input), on: { kind: 'cpu', why } };
          }
        } else {
          // Let a burst of slider events collapse into one computation of the twin.
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (pending.current) continue;
          const why: CpuWhy = b === 'cpu' && engine ? { kind: 'chosen' } : { kind: 'no-device' };
          result = { key: r.key, values: stabilityCpu(input), on: { kind: 'cpu', why } };
        }
        if (alive.current) setComputed(result);
      }
      running.current = false;
    })();
  }, [request]);

  return computed;
}

/** A float32 value as the lab prints it: inf and NaN as such, finite ones with their exact value. */
function F32({ value, testId }: { value: number; testId: string }) {
  if (!Number.isFinite(value)) {
    return (
      <span className="stab-nonfinite" data-testid={testId}>
        {formatF32(value)}
      </span>
    );
  }
  return <Num value={value} text={showF32(value)} testId={testId} />;
}

/** Why the CPU computed the lab's values: one whole sentence for each reason. */
function BackendLine({ on }: { on: ComputedOn }) {
  const shader = 'shaders/stability-lab.wgsl';
  const fround = 'Math.fround';
  if (on.kind === 'webgpu')
    return (
      <FormattedMessage
        id="stability.backend.webgpu"
        defaultMessage="Computed on WebGPU in float32 by {shader}: the values the GPU wrote, read back as they are."
        values={{ shader }}
      />
    );
  switch (on.why.kind) {
    case 'chosen':
      return (
        <FormattedMessage
          id="stability.backend.cpu.chosen"
          defaultMessage="Computed on the CPU in float32, each step rounded with {fround} (the GPU kernel’s twin), because the CPU back end is chosen."
          values={{ fround }}
        />
      );
    case 'no-device':
      return (
        <FormattedMessage
          id="stability.backend.cpu.nodevice"
          defaultMessage="Computed on the CPU in float32, each step rounded with {fround} (the GPU kernel’s twin), because this browser gives no WebGPU device."
          values={{ fround }}
        />
      );
    case 'failed':
      return (
        <FormattedMessage
          id="stability.backend.cpu.failed"
          defaultMessage="Computed on the CPU in float32, each step rounded with {fround} (the GPU kernel’s twin), because the GPU failed ({error})."
          description="{error} is the browser's error text, in English."
          values={{ fround, error: on.why.error }}
        />
      );
    case 'engine':
      return (
        <FormattedMessage
          id="stability.backend.cpu.engine"
          defaultMessage="Computed on the CPU in float32, each step rounded with {fround} (the GPU kernel’s twin), because {reason}."
          description="{reason} is the GPU engine's own sentence saying what went wrong."
          values={{ fround, reason: on.why.reason }}
        />
      );
  }
}

const sub = (chunks: ReactNode[]) => <sub>{chunks}</sub>;
const sup = (chunks: ReactNode[]) => <sup>{chunks}</sup>;
const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

function Count({ value, testId }: { value: number; testId: string }) {
  return (
    <span className={value > 0 ? 'stab-count stab-count-bad' : 'stab-count'} data-testid={testId}>
      {formatCount(value)}
    </span>
  );
}

export function StabilityLab({ shown, state, dispatch, decode, row, session, backend }: LabProps) {
  const id = useId();
  const intl = useIntl();
  const [scale, setScale] = useState(S_MIN);
  const [push, setPush] = useState(0);
  const [scaleText, setScaleText] = useState(showScale(S_MIN));
  const [pushText, setPushText] = useState('0');
  /** A typed value out of range, and the value the lab keeps instead. */
  const [inputError, setInputError] = useState<{ kind: 'scale' | 'push'; keep: number } | null>(null);

  const detail = rowOfShown(row, shown);
  const token = detail ? shown.result.tokens[detail.row] : undefined;
  const target = token && !token.ignored ? token.target : null;
  const logits = detail?.logits ?? null;
  const V = shown.result.shape[2];

  // The row's largest logit and where the naive sum first overflows (float32 twin, bisection).
  const edge = useMemo(() => {
    if (!logits || target === null) return null;
    let xMax = -Infinity;
    let argmax = 0;
    for (let j = 0; j < logits.length; j++) {
      if (logits[j]! > xMax) {
        xMax = logits[j]!;
        argmax = j;
      }
    }
    return { xMax, argmax, ...naiveOverflowScale(logits, target, S_MIN, S_MAX) };
  }, [logits, target]);

  const request = useMemo<Request | null>(
    () =>
      logits && detail && target !== null
        ? {
            key: `${backend}:${detail.row}:${target}:${scale}:${push}`,
            session,
            backend,
            logits,
            target,
            scale,
            push,
          }
        : null,
    [logits, detail, target, scale, push, session, backend],
  );
  const computed = useLabValues(request);
  const values = computed?.values ?? null;
  const current = computed !== null && request !== null && computed.key === request.key;

  const setScaleFrom = (s: number) => {
    const clamped = Math.min(S_MAX, Math.max(S_MIN, s));
    setScale(clamped);
    setScaleText(showScale(clamped));
    setInputError(null);
  };
  const setPushFrom = (d: number) => {
    const clamped = Math.min(PUSH_MAX, Math.max(0, d));
    setPush(clamped);
    setPushText(String(clamped));
    setInputError(null);
  };
  const typedScale = (text: string) => {
    setScaleText(text);
    const s = Number(text);
    if (text.trim() === '' || !Number.isFinite(s) || s < S_MIN || s > S_MAX) {
      setInputError({ kind: 'scale', keep: scale });
      return;
    }
    setScale(s);
    setInputError(null);
  };
  const typedPush = (text: string) => {
    setPushText(text);
    const d = Number(text);
    if (text.trim() === '' || !Number.isFinite(d) || d < 0 || d > PUSH_MAX) {
      setInputError({ kind: 'push', keep: push });
      return;
    }
    setPush(d);
    setInputError(null);
  };

  const xt = logits && target !== null ? logits[target]! : null;
  const targetName = target !== null ? tokenLabel(target, decode) : '';
  const largestScaled = edge ? Math.fround(Math.fround(scale) * Math.fround(edge.xMax)) : null;
  const ztNow = xt !== null ? Math.fround(Math.fround(Math.fround(scale) * Math.fround(xt)) - push) : null;
  const scaleValueText =
    largestScaled !== null
      ? intl.formatMessage(
          {
            id: 'stability.scale.valuetext.largest',
            defaultMessage: 's = {s}: the largest scaled logit is {largest}',
            description: 'Spoken value of the scale slider; s is the scale’s symbol.',
          },
          { s: scaleShown(scale), largest: showF32(largestScaled) },
        )
      : intl.formatMessage(
          {
            id: 'stability.scale.valuetext',
            defaultMessage: 's = {s}',
            description: 'Spoken value of the scale slider; s is the scale’s symbol.',
          },
          { s: scaleShown(scale) },
        );
  const pushValueText =
    ztNow !== null
      ? intl.formatMessage(
          {
            id: 'stability.push.valuetext.target',
            defaultMessage: 'Δ = {push}: the target’s scaled logit is {logit}',
            description: 'Spoken value of the push slider; Δ is the push’s symbol.',
          },
          { push: pushShown(push), logit: showF32(ztNow) },
        )
      : intl.formatMessage(
          {
            id: 'stability.push.valuetext',
            defaultMessage: 'Δ = {push}',
            description: 'Spoken value of the push slider; Δ is the push’s symbol.',
          },
          { push: pushShown(push) },
        );

  const naiveBad = values ? !Number.isFinite(values.naiveNegLog) || !Number.isFinite(values.naiveP) : false;
  // The device's log outside its domain: p is 0 (or flushed, or NaN) but −ln p came back finite.
  const pBroken = values ? values.naiveP === 0 || Number.isNaN(values.naiveP) : false;
  const deviceLog = values && pBroken && Number.isFinite(values.naiveNegLog) ? -values.naiveNegLog : null;

  return (
    <section className="stab" aria-labelledby={`${id}-title`}>
      <p className="stab-kicker">
        <FormattedMessage
          id="stability.kicker"
          defaultMessage="Explore"
          description="Small label above the panel’s title: the panel is an optional exploration."
        />
      </p>
      <h3 id={`${id}-title`}>
        <FormattedMessage
          id="stability.title"
          defaultMessage="The stability lab: naive and stable, in float32"
          description="float32 is the 32-bit floating-point number format."
        />
      </h3>
      <p>
        <FormattedMessage
          id="stability.intro"
          defaultMessage="float32’s largest number is {mantissa} × 10<sup>38</sup> = e<sup>{exponent}</sup>: exp of anything larger is inf. Scale this row’s logits by s, or push the target’s down by Δ, and watch the textbook formula break while the max-subtracted one does not."
          description="inf is how float32 writes infinity; s and Δ are the two sliders’ symbols."
          values={{
            sup,
            mantissa: intlNumber(3.4, { maximumFractionDigits: 1 }),
            exponent: showF32(F32_EXP_OVERFLOW),
          }}
        />
      </p>

      <RowPicker shown={shown} focus={state.focus} dispatch={dispatch} decode={decode} />

      {target === null ? (
        <p className="stab-note" data-testid="stab-ignored">
          {detail ? (
            <FormattedMessage
              id="stability.ignored"
              defaultMessage="This position is ignored (padding): pick another to run the lab."
            />
          ) : (
            <FormattedMessage id="stability.computing" defaultMessage="Computing the row…" />
          )}
        </p>
      ) : (
        <>
          <div className="stab-controls">
            <div className="stab-control">
              <label htmlFor={`${id}-scale`}>
                <FormattedMessage
                  id="stability.scale.label"
                  defaultMessage="Logit scale s (each logit z becomes z′ = s·z)"
                />
              </label>
              <div className="stab-inputs">
                <input
                  id={`${id}-scale`}
                  type="range"
                  min={0}
                  max={SLIDER_STEPS}
                  step={1}
                  value={toSlider(scale)}
                  aria-valuetext={scaleValueText}
                  onChange={(e) => setScaleFrom(fromSlider(Number(e.currentTarget.value)))}
                />
                <input
                  type="number"
                  className="stab-number"
                  aria-label={intl.formatMessage({
                    id: 'stability.scale.typed',
                    defaultMessage: 'Logit scale s, typed',
                    description: 'Name of the number field where the scale can be typed.',
                  })}
                  min={S_MIN}
                  max={S_MAX}
                  step="any"
                  value={scaleText}
                  data-testid="stab-scale"
                  onChange={(e) => typedScale(e.currentTarget.value)}
                />
              </div>
            </div>
            <div className="stab-control">
              <label htmlFor={`${id}-push`}>
                <FormattedMessage
                  id="stability.push.label"
                  defaultMessage="Push the target down by Δ (z′_y = s·z_y − Δ)"
                />
              </label>
              <div className="stab-inputs">
                <input
                  id={`${id}-push`}
                  type="range"
                  min={0}
                  max={PUSH_MAX}
                  step={1}
                  value={Math.round(push)}
                  aria-valuetext={pushValueText}
                  onChange={(e) => setPushFrom(Number(e.currentTarget.value))}
                />
                <input
                  type="number"
                  className="stab-number"
                  aria-label={intl.formatMessage({
                    id: 'stability.push.typed',
                    defaultMessage: 'Push Δ, typed',
                    description: 'Name of the number field where the push Δ can be typed.',
                  })}
                  min={0}
                  max={PUSH_MAX}
                  step="any"
                  value={pushText}
                  data-testid="stab-push"
                  onChange={(e) => typedPush(e.currentTarget.value)}
                />
              </div>
            </div>
          </div>
          {inputError && (
            <p className="stab-error" role="alert">
              {inputError.kind === 'scale' ? (
                <FormattedMessage
                  id="stability.scale.error"
                  defaultMessage="Type a scale between {min} and {max}; the lab keeps s = {s}."
                  values={{ min: scaleShown(S_MIN), max: scaleShown(S_MAX), s: scaleShown(inputError.keep) }}
                />
              ) : (
                <FormattedMessage
                  id="stability.push.error"
                  defaultMessage="Type a push between {min} and {max}; the lab keeps Δ = {push}."
                  values={{ min: pushShown(0), max: pushShown(PUSH_MAX), push: pushShown(inputError.keep) }}
                />
              )}
            </p>
          )}

          {edge && (
            <p className="stab-edge" data-testid="stab-edge">
              <FormattedMessage
                id="stability.edge.largest"
                defaultMessage="On this row the largest logit is z<sub>max</sub> = {value} ({token})."
                description="{token} is the token’s text; z<sub>max</sub> is a symbol."
                values={{
                  sub,
                  value: showF32(edge.xMax),
                  token: <span className="token">{tokenLabel(edge.argmax, decode)}</span>,
                }}
              />{' '}
              {edge.largest !== null && edge.largest <= S_MAX ? (
                <>
                  {edge.sum !== null ? (
                    <FormattedMessage
                      id="stability.edge.overflow.sum"
                      defaultMessage="exp(s·z<sub>max</sub>) alone passes float32’s largest at s = {single}, and the naive sum of all {n, plural, one {{count} term} other {{count} terms}} is already inf from s = {sum} (the float32 twin, by bisection)."
                      description="The float32 twin is the CPU copy of the GPU’s float32 computation; bisection is how the scale was searched for."
                      values={{
                        sub,
                        single: scaleShown(edge.largest),
                        n: V,
                        count: formatCount(V),
                        sum: scaleShown(edge.sum),
                      }}
                    />
                  ) : (
                    <FormattedMessage
                      id="stability.edge.overflow"
                      defaultMessage="exp(s·z<sub>max</sub>) alone passes float32’s largest at s = {single} (the float32 twin, by bisection)."
                      description="The float32 twin is the CPU copy of the GPU’s float32 computation; bisection is how the scale was searched for."
                      values={{ sub, single: scaleShown(edge.largest) }}
                    />
                  )}{' '}
                  {edge.sum !== null && (
                    <button
                      type="button"
                      className="stab-jump"
                      onClick={() => setScaleFrom(edge.sum! * 1.002)}
                    >
                      <FormattedMessage
                        id="stability.edge.jump"
                        defaultMessage="Set s just past it"
                        description="Button: sets the scale s just past the scale where the naive sum overflows."
                      />
                    </button>
                  )}
                </>
              ) : (
                <FormattedMessage
                  id="stability.edge.none"
                  defaultMessage="No scale up to {max} makes its exp overflow."
                  values={{ max: scaleShown(S_MAX) }}
                />
              )}
            </p>
          )}

          <p className="stab-row">
            <FormattedMessage
              id="stability.target"
              defaultMessage="Target {token}: z<sub>y</sub> = {logit}, so z′<sub>y</sub> = s·z<sub>y</sub> − Δ = {scaled}."
              description="{token} is the target token’s text."
              values={{
                sub,
                token: <span className="token">{targetName}</span>,
                logit: showF32(xt!),
                scaled: values ? <F32 value={values.zTarget} testId="stab-zt" /> : '…',
              }}
            />
          </p>

          <div className="stab-tables" aria-busy={!current}>
            <div className="table-wrap">
              <table className="tokens stab-table" data-testid="stab-naive">
                <caption>
                  <FormattedMessage
                    id="stability.naive.caption"
                    defaultMessage="<strong>Naive</strong>: exp of the scaled logits as they are, then divide; −ln of that p."
                    values={{ strong }}
                  />
                </caption>
                <tbody>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.naive.sum"
                        defaultMessage="Σ exp(z′_j)"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">
                      {values && <F32 value={values.naiveSum} testId="stab-naive-sum" />}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.naive.exp"
                        defaultMessage="exp(z′_y)"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">
                      {values && <F32 value={values.naiveExpTarget} testId="stab-naive-exp" />}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.naive.p"
                        defaultMessage="p_y = exp(z′_y) / Σ"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">{values && <F32 value={values.naiveP} testId="stab-naive-p" />}</td>
                  </tr>
                  <tr className="stab-key">
                    <th scope="row">
                      <FormattedMessage
                        id="stability.naive.neglog"
                        defaultMessage="−ln p_y"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">
                      {values && <F32 value={values.naiveNegLog} testId="stab-naive-neglog" />}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.naive.expinf"
                        defaultMessage="exp(z′_j) that are inf"
                        description="Row header: how many of the exp(z′_j) are infinite (inf)."
                      />
                    </th>
                    <td className="num">{values && <Count value={values.expInf} testId="stab-exp-inf" />}</td>
                  </tr>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.naive.pbad"
                        defaultMessage="p_j that are NaN · inf · 0"
                        description="Row header: three counts of the p_j, those that are NaN, infinite (inf) and 0."
                      />
                    </th>
                    <td className="num">
                      {values && (
                        <>
                          <Count value={values.pNaN} testId="stab-p-nan" /> ·{' '}
                          <Count value={values.pInf} testId="stab-p-inf" /> ·{' '}
                          <span data-testid="stab-p-zero">{formatCount(values.pZero)}</span>
                        </>
                      )}
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
            <div className="table-wrap">
              <table className="tokens stab-table" data-testid="stab-stable">
                <caption>
                  <FormattedMessage
                    id="stability.stable.caption"
                    defaultMessage="<strong>Stable</strong>: subtract the max first, so every exp is ≤ 1, and take −ln p from logits."
                    values={{ strong }}
                  />
                </caption>
                <tbody>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.stable.max"
                        defaultMessage="m = max z′_j"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">{values && <F32 value={values.max} testId="stab-max" />}</td>
                  </tr>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.stable.sum"
                        defaultMessage="S = Σ exp(z′_j − m)"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">
                      {values && <F32 value={values.stableSum} testId="stab-stable-sum" />}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.stable.lse"
                        defaultMessage="log-sum-exp = m + ln S"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">{values && <F32 value={values.logSumExp} testId="stab-lse" />}</td>
                  </tr>
                  <tr>
                    <th scope="row">
                      <FormattedMessage
                        id="stability.stable.p"
                        defaultMessage="p_y = exp(z′_y − log-sum-exp)"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">{values && <F32 value={values.stableP} testId="stab-stable-p" />}</td>
                  </tr>
                  <tr className="stab-key">
                    <th scope="row">
                      <FormattedMessage
                        id="stability.stable.neglog"
                        defaultMessage="−ln p_y = log-sum-exp − z′_y"
                        description="Row header, a formula in plain text: usually kept as it is."
                      />
                    </th>
                    <td className="num">
                      {values && <F32 value={values.stableNegLog} testId="stab-stable-neglog" />}
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          </div>

          {values && (
            <p className="stab-summary" aria-live="polite">
              {naiveBad ? (
                <FormattedMessage
                  id="stability.summary.broken"
                  defaultMessage="The naive −ln p is {naive}; the stable one is {stable} nats."
                  description="{naive} is inf or NaN (or a wrong finite value); nats: the unit of −ln p."
                  values={{ naive: showF32(values.naiveNegLog), stable: showF32(values.stableNegLog) }}
                />
              ) : (
                <FormattedMessage
                  id="stability.summary.finite"
                  defaultMessage="Naive −ln p = {naive}; the stable one is {stable} nats."
                  description="nats: the unit of −ln p."
                  values={{ naive: showF32(values.naiveNegLog), stable: showF32(values.stableNegLog) }}
                />
              )}{' '}
              <FormattedMessage
                id="stability.summary.underflow"
                defaultMessage="z<sub>t</sub> − log-sum-exp = {logp}: float32’s p reaches 0 below {underflow} (below {normal} where the GPU flushes tiny numbers to 0)."
                values={{
                  sub,
                  logp: showF32(-values.stableNegLog),
                  underflow: showF32(F32_EXP_UNDERFLOW),
                  normal: showF32(F32_NORMAL_LOG),
                }}
              />
            </p>
          )}
          {deviceLog !== null && computed?.on.kind === 'webgpu' && (
            <p className="stab-note" data-testid="stab-device-log">
              {Number.isNaN(values!.naiveP) ? (
                <FormattedMessage
                  id="stability.devicelog.nan"
                  defaultMessage="p<sub>t</sub> came back {p}, so −ln p<sub>t</sub> should be NaN; this GPU’s log returned {value} (WGSL leaves log of NaN undefined): a finite, wrong loss."
                  description="NaN: not a number; WGSL: the WebGPU shading language."
                  values={{ sub, p: showF32(values!.naiveP), value: showF32(deviceLog) }}
                />
              ) : (
                <FormattedMessage
                  id="stability.devicelog.zero"
                  defaultMessage="p<sub>t</sub> came back {p}, so −ln p<sub>t</sub> should be inf; this GPU’s log returned {value} (WGSL leaves log of 0 undefined): a finite, wrong loss."
                  description="inf: infinity, as float32 writes it; WGSL: the WebGPU shading language."
                  values={{ sub, p: showF32(values!.naiveP), value: showF32(deviceLog) }}
                />
              )}
            </p>
          )}
          {computed && (
            <p className="stab-backend" data-testid="stab-backend">
              <BackendLine on={computed.on} />
            </p>
          )}
        </>
      )}
    </section>
  );
}
