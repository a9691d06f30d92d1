/**
 * The texts behind the logits, token by token: what the model read (inputs) and what it should
 * have predicted at each position (targets, the inputs shifted left by one).
 */
import type { Source } from '../state';
import { showToken, type Decode } from './tokens';

/** A projector-friendly excerpt: a few texts, a few tokens each. */
const MAX_TEXTS = 4;
const MAX_TOKENS = 16;

function Tokens({ ids, decode, label }: { ids: Int32Array; decode: Decode; label: string }) {
  const shown = Array.from(ids.subarray(0, MAX_TOKENS));
  const more = ids.length > MAX_TOKENS;
  return (
    <span className="token-run">
      <span className="visually-hidden">
        {label}: “{shown.map(decode).join('')}
        {more ? '…' : ''}”.
      </span>
      <span aria-hidden="true" className="chips">
        {shown.map((id, i) => (
          <span key={i} className="token">
            {showToken(decode(id))}
          </span>
        ))}
        {more ? <span className="more">…</span> : null}
      </span>
    </span>
  );
}

export function Texts({ source, decode }: { source: Source; decode: Decode }) {
  const { inputs, batch } = source;
  const [B, T] = batch.shape;
  if (!inputs || inputs.length !== B * T) return null;
  const texts = Array.from({ length: Math.min(B, MAX_TEXTS) }, (_, b) => b);
  const row = (ids: Int32Array, b: number) => ids.subarray(b * T, (b + 1) * T);
  return (
    <ol className="texts">
      {texts.map((b) => (
        <li key={b}>
          <span className="text-label">Text {b + 1}</span>
          <Tokens ids={row(inputs, b)} decode={decode} label="reads" />
          <span className="then">
            <span className="arrow" aria-hidden="true">
              →
            </span>
            <Tokens ids={row(batch.targets, b)} decode={decode} label="should predict" />
          </span>
        </li>
      ))}
    </ol>
  );
}
