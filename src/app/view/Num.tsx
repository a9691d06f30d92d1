/**
 * A number as read on the page (rounded by format.ts) whose exact value appears on hover or
 * keyboard focus and is copied to the clipboard when activated. The visible text stays the
 * rounded value, so tests and screen readers read what sighted readers see; the exact value is
 * the button's description.
 */
import { useState } from 'react';

interface NumProps {
  value: number;
  /** The rounded text, e.g. formatLoss(value). */
  text: string;
  testId?: string;
  className?: string;
}

/** Shortest text that round-trips the double, e.g. 10.793964408126953. */
export function exactText(value: number): string {
  if (Number.isNaN(value)) return 'undefined';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  return String(value).replace('-', '−');
}

export function Num({ value, text, testId, className }: NumProps) {
  const [copied, setCopied] = useState(false);
  const exact = exactText(value);
  const copy = () => {
    const done = () => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    };
    navigator.clipboard?.writeText(String(value)).then(done, () => undefined);
  };
  return (
    <button
      type="button"
      className={`exact-num${copied ? ' copied' : ''}${className ? ` ${className}` : ''}`}
      data-testid={testId}
      data-exact={copied ? 'copied' : exact}
      title={`exact value ${exact}; activate to copy`}
      onClick={copy}
    >
      {text}
    </button>
  );
}
