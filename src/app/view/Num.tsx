/**
 * A number as read on the page (rounded by format.ts) whose exact value appears on hover or
 * keyboard focus and is copied to the clipboard when activated. The visible text stays the
 * rounded value, so tests and screen readers read what sighted readers see; the exact value is
 * the button's description.
 */
import { useState } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import { intlNumber } from '../i18n/numbers';

interface NumProps {
  value: number;
  /** The rounded text, e.g. formatLoss(value). */
  text: string;
  testId?: string;
  className?: string;
}

/**
 * Shortest text that round-trips the double, e.g. 10.793964408126953: the machine's form, kept
 * in data-exact (which tests read as a number) in every language.
 */
export function exactText(value: number): string {
  if (Number.isNaN(value)) return 'undefined';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  return String(value).replace('-', '−');
}

/**
 * The same digits as exactText, written for reading in the page's language (10,793964408126953
 * in Spanish): as many significant digits as the shortest round-trip text has, no grouping, and
 * its exponent where it has one (1e−7). English reads exactly as exactText.
 */
export function exactReading(value: number, intl: IntlShape): string {
  if (Number.isNaN(value))
    return intl.formatMessage({
      id: 'num.undefined',
      defaultMessage: 'undefined',
      description: 'A number that is not defined (0/0), in a number’s hover text “exact value …”.',
    });
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const [mantissa = '', exponent] = String(value).split('e');
  const digits = Math.min(21, Math.max(1, mantissa.replace(/[-.]/g, '').replace(/^0+/, '').length));
  const head = intlNumber(Number(mantissa), { maximumSignificantDigits: digits, useGrouping: false });
  if (exponent === undefined) return head;
  // As exactText writes it: a true minus for the first hyphen only (the sign, else the exponent's).
  return `${head}e${value < 0 ? exponent : exponent.replace('-', '−')}`;
}

export function Num({ value, text, testId, className }: NumProps) {
  const intl = useIntl();
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
      title={intl.formatMessage(
        {
          id: 'num.title',
          defaultMessage: 'exact value {exact}; activate to copy',
          description:
            'Hover text of a rounded number on the page: its full value, and that clicking copies it.',
        },
        { exact: exactReading(value, intl) },
      )}
      onClick={copy}
    >
      {text}
    </button>
  );
}
