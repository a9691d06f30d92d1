import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { crossEntropyCpu, makeBatch } from '../../math';
import type { Shown } from '../state';
import { RowPicker } from './logits-picker';

/** A (B, T, 3) batch with inputs 10 + r and targets r mod 3 (the last one ignored). */
function shownOf(B: number, T: number): Shown {
  const targets = Array.from({ length: B * T }, (_, r) => (r === B * T - 1 ? -100 : r % 3));
  const batch = makeBatch(new Float32Array(B * T * 3), [B, T, 3], targets);
  const inputs = Int32Array.from({ length: B * T }, (_, r) => 10 + r);
  return {
    result: crossEntropyCpu(batch),
    source: { label: 'test', isExample: false, kind: 'file', batch, inputs },
  };
}

// createElement, not JSX: the unit tests are .ts files.
const html = (shown: Shown) =>
  renderToStaticMarkup(
    createElement(RowPicker, { shown, focus: { b: 0, t: 1 }, dispatch: () => undefined, decode: null }),
  );

describe('RowPicker', () => {
  it('is a radio group of B·T positions, the focused one checked and in the tab order', () => {
    const out = html(shownOf(2, 3));
    expect(out.match(/role="radio"/g)).toHaveLength(6);
    expect(out.match(/aria-checked="true"/g)).toHaveLength(1);
    // Each name begins with what the button shows, then says it in words.
    expect(out).toContain(
      'aria-label="2 #11 → #1, text 1, position 2: reads token 11, should predict token 1"',
    );
    expect(out).toContain(
      'aria-label="3 #15 → ignored, text 2, position 3: reads token 15, ignored (padding)"',
    );
    expect(out.match(/tabindex="0"/g)).toHaveLength(1);
  });

  it('is two selects for many positions', () => {
    const out = html(shownOf(4, 20));
    expect(out).not.toContain('role="radio"');
    expect(out.match(/<select/g)).toHaveLength(2);
    expect(out.match(/<option/g)).toHaveLength(4 + 20);
  });
});
