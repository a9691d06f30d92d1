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
import { useEffect, useId, useMemo, useRef, useState, type Dispatch } from 'react';
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
/** A scale as the controls show it: 4 significant digits. */
const showScale = (s: number) => String(Number(s.toPrecision(4)));

interface LabProps {
  shown: Shown;
  state: AppState;
  dispatch: Dispatch<AppAction>;
  decode: Decode | null;
  row: RowDetail | null;
  session: ComputeSession | null;
  backend: Backend | null;
}

/** Which back end produced the values, and why the CPU if it was not asked for. */
type ComputedOn = { kind: 'webgpu' } | { kind: 'cpu'; why: string };

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
            const why = error instanceof EngineError ? error.message : `the GPU failed (${messageOf(error)})`;
            result = { key: r.key, values: stabilityCpu(input), on: { kind: 'cpu', why } };
          }
        } else {
          // Let a burst of slider events collapse into one computation of the twin.
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (pending.current) continue;
          const why =
            b === 'cpu' && engine ? 'the CPU back end is chosen' : 'this browser gives no WebGPU device';
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
  return <Num value={value} text={formatF32(value)} testId={testId} />;
}

function Count({ value, testId }: { value: number; testId: string }) {
  return (
    <span className={value > 0 ? 'stab-count stab-count-bad' : 'stab-count'} data-testid={testId}>
      {formatCount(value)}
    </span>
  );
}

export function StabilityLab({ shown, state, dispatch, decode, row, session, backend }: LabProps) {
  const id = useId();
  const [scale, setScale] = useState(S_MIN);
  const [push, setPush] = useState(0);
  const [scaleText, setScaleText] = useState(showScale(S_MIN));
  const [pushText, setPushText] = useState('0');
  const [inputError, setInputError] = useState<string | null>(null);

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
      setInputError(`Type a scale between ${S_MIN} and ${S_MAX}; the lab keeps s = ${showScale(scale)}.`);
      return;
    }
    setScale(s);
    setInputError(null);
  };
  const typedPush = (text: string) => {
    setPushText(text);
    const d = Number(text);
    if (text.trim() === '' || !Number.isFinite(d) || d < 0 || d > PUSH_MAX) {
      setInputError(`Type a push between 0 and ${PUSH_MAX}; the lab keeps Δ = ${push}.`);
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
    `s = ${showScale(scale)}` +
    (largestScaled !== null ? `: the largest scaled logit is ${formatF32(largestScaled)}` : '');
  const pushValueText =
    `Δ = ${push}` + (ztNow !== null ? `: the target’s scaled logit is ${formatF32(ztNow)}` : '');

  const naiveBad = values ? !Number.isFinite(values.naiveNegLog) || !Number.isFinite(values.naiveP) : false;
  // The device's log outside its domain: p is 0 (or flushed, or NaN) but −ln p came back finite.
  const pBroken = values ? values.naiveP === 0 || Number.isNaN(values.naiveP) : false;
  const deviceLog = values && pBroken && Number.isFinite(values.naiveNegLog) ? -values.naiveNegLog : null;

  return (
    <section className="stab" aria-labelledby={`${id}-title`}>
      <p className="stab-kicker">Explore</p>
      <h3 id={`${id}-title`}>The stability lab: naive and stable, in float32</h3>
      <p>
        float32’s largest number is 3.4 × 10<sup>38</sup> = e<sup>{formatF32(F32_EXP_OVERFLOW)}</sup>: exp of
        anything larger is inf. Scale this row’s logits by s, or push the target’s down by Δ, and watch the
        textbook formula break while the max-subtracted one does not.
      </p>

      <RowPicker shown={shown} focus={state.focus} dispatch={dispatch} decode={decode} />

      {target === null ? (
        <p className="stab-note" data-testid="stab-ignored">
          {detail ? 'This position is ignored (padding): pick another to run the lab.' : 'Computing the row…'}
        </p>
      ) : (
        <>
          <div className="stab-controls">
            <div className="stab-control">
              <label htmlFor={`${id}-scale`}>Logit scale s (each logit z becomes z′ = s·z)</label>
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
                  aria-label="Logit scale s, typed"
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
              <label htmlFor={`${id}-push`}>Push the target down by Δ (z′_y = s·z_y − Δ)</label>
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
                  aria-label="Push Δ, typed"
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
              {inputError}
            </p>
          )}

          {edge && (
            <p className="stab-edge" data-testid="stab-edge">
              On this row the largest logit is z<sub>max</sub> = {formatF32(edge.xMax)} (
              <span className="token">{tokenLabel(edge.argmax, decode)}</span>).{' '}
              {edge.largest !== null && edge.largest <= S_MAX ? (
                <>
                  exp(s·z<sub>max</sub>) alone passes float32’s largest at s = {showScale(edge.largest)}
                  {edge.sum !== null && (
                    <>
                      , and the naive sum of all {formatCount(V)} terms is already inf from s ={' '}
                      {showScale(edge.sum)}
                    </>
                  )}{' '}
                  (the float32 twin, by bisection).{' '}
                  {edge.sum !== null && (
                    <button
                      type="button"
                      className="stab-jump"
                      onClick={() => setScaleFrom(edge.sum! * 1.002)}
                    >
                      Set s just past it
                    </button>
                  )}
                </>
              ) : (
                <>No scale up to {S_MAX} makes its exp overflow.</>
              )}
            </p>
          )}

          <p className="stab-row">
            Target <span className="token">{targetName}</span>: z<sub>y</sub> = {formatF32(xt!)}, so z′
            <sub>y</sub> = s·z<sub>y</sub> − Δ ={' '}
            {values ? <F32 value={values.zTarget} testId="stab-zt" /> : '…'}.
          </p>

          <div className="stab-tables" aria-busy={!current}>
            <div className="table-wrap">
              <table className="tokens stab-table" data-testid="stab-naive">
                <caption>
                  <strong>Naive</strong>: exp of the scaled logits as they are, then divide; −ln of that p.
                </caption>
                <tbody>
                  <tr>
                    <th scope="row">Σ exp(z′_j)</th>
                    <td className="num">
                      {values && <F32 value={values.naiveSum} testId="stab-naive-sum" />}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">exp(z′_y)</th>
                    <td className="num">
                      {values && <F32 value={values.naiveExpTarget} testId="stab-naive-exp" />}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">p_y = exp(z′_y) / Σ</th>
                    <td className="num">{values && <F32 value={values.naiveP} testId="stab-naive-p" />}</td>
                  </tr>
                  <tr className="stab-key">
                    <th scope="row">−ln p_y</th>
                    <td className="num">
                      {values && <F32 value={values.naiveNegLog} testId="stab-naive-neglog" />}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">exp(z′_j) that are inf</th>
                    <td className="num">{values && <Count value={values.expInf} testId="stab-exp-inf" />}</td>
                  </tr>
                  <tr>
                    <th scope="row">p_j that are NaN · inf · 0</th>
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
                  <strong>Stable</strong>: subtract the max first, so every exp is ≤ 1, and take −ln p from
                  logits.
                </caption>
                <tbody>
                  <tr>
                    <th scope="row">m = max z′_j</th>
                    <td className="num">{values && <F32 value={values.max} testId="stab-max" />}</td>
                  </tr>
                  <tr>
                    <th scope="row">S = Σ exp(z′_j − m)</th>
                    <td className="num">
                      {values && <F32 value={values.stableSum} testId="stab-stable-sum" />}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">log-sum-exp = m + ln S</th>
                    <td className="num">{values && <F32 value={values.logSumExp} testId="stab-lse" />}</td>
                  </tr>
                  <tr>
                    <th scope="row">p_y = exp(z′_y − log-sum-exp)</th>
                    <td className="num">{values && <F32 value={values.stableP} testId="stab-stable-p" />}</td>
                  </tr>
                  <tr className="stab-key">
                    <th scope="row">−ln p_y = log-sum-exp − z′_y</th>
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
              {naiveBad ? 'The naive −ln p is ' : 'Naive −ln p = '}
              {formatF32(values.naiveNegLog)}; the stable one is {formatF32(values.stableNegLog)} nats. z
              <sub>t</sub> − log-sum-exp = {formatF32(-values.stableNegLog)}: float32’s p reaches 0 below{' '}
              {formatF32(F32_EXP_UNDERFLOW)} (below {formatF32(F32_NORMAL_LOG)} where the GPU flushes tiny
              numbers to 0).
            </p>
          )}
          {deviceLog !== null && computed?.on.kind === 'webgpu' && (
            <p className="stab-note" data-testid="stab-device-log">
              p<sub>t</sub> came back {formatF32(values!.naiveP)}, so −ln p<sub>t</sub> should be{' '}
              {Number.isNaN(values!.naiveP) ? 'NaN' : 'inf'}; this GPU’s log returned {formatF32(deviceLog)}{' '}
              (WGSL leaves log of {Number.isNaN(values!.naiveP) ? 'NaN' : '0'} undefined): a finite, wrong
              loss.
            </p>
          )}
          {computed && (
            <p className="stab-backend" data-testid="stab-backend">
              {computed.on.kind === 'webgpu'
                ? 'Computed on WebGPU in float32 by shaders/stability-lab.wgsl: the values the GPU wrote, read back as they are.'
                : `Computed on the CPU in float32, each step rounded with Math.fround (the GPU kernel’s twin), because ${computed.on.why}.`}
            </p>
          )}
        </>
      )}
    </section>
  );
}
