/**
 * A load's progress as the page draws it everywhere: a <progress>, determinate when the total is
 * known, the amount in words beside it and, where the load can be stopped, its Cancel button. The
 * file control, the model picker and the first screen's wait line share it, so the three say the
 * same thing the same way. The bar is not a live region: its value changes with every percent.
 */
import { useId, type ReactNode } from 'react';
import { formatBytes } from '../../lm/catalog';
import type { ModelProgress } from '../compute/lm-source';
import { currentIntl } from '../i18n/current';
import { formatCount } from './format';
import './files.css';

interface LoadMeterProps {
  /** The bar's visible label; without it `labelledBy` names text elsewhere that does. */
  label?: ReactNode;
  labelledBy?: string;
  loaded: number;
  /** null or 0: the bar is indeterminate. */
  total: number | null;
  /** What a screen reader hears as the bar's value. */
  valuetext: string;
  /** The amount as the eye reads it beside the bar (the same words as `valuetext`, or fewer). */
  amount: string;
  testId: string;
  phase?: string;
  className?: string;
  cancel?: { text: string; onClick: () => void };
}

export function LoadMeter(props: LoadMeterProps) {
  const id = useId();
  const { label, labelledBy, loaded, total, valuetext, amount, testId, phase, className, cancel } = props;
  const named = label === undefined ? { 'aria-labelledby': labelledBy } : { id };
  return (
    <div
      className={className ? `load-progress ${className}` : 'load-progress'}
      data-testid={testId}
      data-phase={phase}
    >
      {label !== undefined && <label htmlFor={id}>{label}</label>}
      {total ? (
        <progress {...named} max={total} value={loaded} aria-valuetext={valuetext} />
      ) : (
        <progress {...named} aria-valuetext={valuetext} />
      )}
      <span className="load-amount" aria-hidden="true">
        {amount}
      </span>
      {cancel && (
        <button type="button" onClick={cancel.onClick}>
          {cancel.text}
        </button>
      )}
    </div>
  );
}

/** A model download's amount: "1.2 MB of 3.3 MB (36%)", the bytes alone, or "starting". */
export function modelAmount(p: ModelProgress | null): string {
  if (!p)
    return currentIntl().formatMessage({
      id: 'model.amount.starting',
      defaultMessage: 'starting',
      description: 'A model download’s progress before any byte has arrived (beside its progress bar).',
    });
  if (!p.total) return formatBytes(p.loaded);
  return currentIntl().formatMessage(
    {
      id: 'model.amount',
      defaultMessage: '{loaded} of {total} ({percent}%)',
      description: 'A model download’s progress: e.g. “1.2 MB of 3.3 MB (36%)”.',
    },
    {
      loaded: formatBytes(p.loaded),
      total: formatBytes(p.total),
      percent: formatCount(Math.floor((100 * p.loaded) / p.total)),
    },
  );
}
