/**
 * The first screen's word on a source that is coming: under the stage rail and the loss bar, where
 * the reader looks, it says whose numbers are on screen while a model downloads, opens and
 * computes, or a file is read, parsed and scored, with its progress and the model's Cancel; and,
 * for a link's model too big to download by itself, its size and a button that loads it. Without
 * it a phone shows the book's loss for many seconds under a link to another model, and a student
 * reads the book's numbers as the model's.
 *
 * The sentence is a polite live region that changes with the phase, never with the percent: the
 * bar's value carries the percent, for whoever asks for it.
 */
import { useId, useRef, useState } from 'react';
import { catalogEntry, formatBytes } from '../../lm/catalog';
import type { ModelProgress } from '../compute/lm-source';
import type { LinkedModel } from '../compute/use-page-model';
import type { Pretrained } from '../compute/use-pretrained';
import type { LoadProgress } from '../compute/sources';
import type { AppState } from '../state';
import { fileMeter } from './Controls';
import { LoadMeter, modelAmount } from './LoadMeter';

/** What is coming instead of the numbers on screen. */
export type Coming =
  | { kind: 'model'; ref: string; progress: ModelProgress | null; cancel: () => void }
  | { kind: 'scoring'; ref: string }
  | { kind: 'file'; progress: LoadProgress }
  | { kind: 'click'; ref: string; bytes: number | null; load: () => void };

/**
 * What the page is fetching or opening besides what it shows: a file first (its bar is the one
 * the reader just started), then a model's download, then a loaded model's first pass; and a
 * link's model that waits for a click, while the page still asks for it.
 */
export function comingSource(
  state: Pick<AppState, 'want' | 'model' | 'dtype' | 'shown' | 'error'>,
  pretrained: Pick<Pretrained, 'loading' | 'loaded' | 'cancel' | 'load'>,
  fileProgress: LoadProgress | null,
  linkWaits: LinkedModel | null,
): Coming | null {
  if (fileProgress) return { kind: 'file', progress: fileProgress };
  const { loading, loaded } = pretrained;
  if (loading)
    return { kind: 'model', ref: loading.refText, progress: loading.progress, cancel: pretrained.cancel };
  if (state.want !== 'lm' || state.error) return null;
  if (loaded && loaded.refText === state.model) {
    return state.shown?.source.model?.refText === loaded.refText
      ? null
      : { kind: 'scoring', ref: loaded.refText };
  }
  if (linkWaits && linkWaits.ref === state.model)
    return {
      kind: 'click',
      ref: linkWaits.ref,
      bytes: linkWaits.bytes,
      load: () => pretrained.load(linkWaits.ref, linkWaits.dtype),
    };
  return null;
}

/** A model as people know it: the catalog's title ("GPT‑2 small"), else the link's ref. */
const modelTitle = (ref: string) => catalogEntry(ref)?.title ?? ref;

/** The model's weights are in and its runtime is opening them (ONNX Runtime, its WebAssembly). */
const opening = (p: ModelProgress | null) =>
  p !== null && p.file.startsWith('onnx/') && p.total !== null && p.total > 0 && p.loaded >= p.total;

const FILE_PHASE = {
  reading: 'is being read',
  parsing: 'is being parsed',
  computing: 'is being scored',
} as const;

/** What is coming, as the end of one sentence. */
function comingText(coming: Coming): string {
  switch (coming.kind) {
    case 'model': {
      const name = modelTitle(coming.ref);
      if (!coming.progress) return `${name} is starting to download`;
      return opening(coming.progress) ? `${name} is downloaded and opening` : `${name} is downloading`;
    }
    case 'scoring':
      return `${modelTitle(coming.ref)} is computing its logits`;
    case 'file':
      return `“${coming.progress.name}” ${FILE_PHASE[coming.progress.phase]}`;
    case 'click':
      return `the link asks for ${modelTitle(coming.ref)}, ${
        coming.bytes === null ? 'a download of unknown size' : `a ${formatBytes(coming.bytes)} download`
      }, which starts only when you ask`;
  }
}

/** The sentence: whose numbers are on screen, then what is coming. */
export function waitSentence(shownLabel: string | null, coming: Coming): string {
  const text = comingText(coming);
  return shownLabel
    ? `These numbers are still from ${shownLabel}: ${text}.`
    : `Nothing is shown yet: ${text}.`;
}

/** Said where the Cancel button was, once the download it cancelled has stopped. */
export const CANCELLED_TEXT = 'The download was cancelled; the numbers on screen stay.';

export function SourceWait({ shownLabel, coming }: { shownLabel: string | null; coming: Coming | null }) {
  const id = useId();
  const textId = `${id}-text`;
  // After Cancel the button goes away: the line takes the focus (so it does not fall to the top
  // of the page) and says the download stopped, until something else is coming.
  const [cancelled, setCancelled] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // Something new coming clears it (state adjusted while rendering, as React advises over an effect).
  const [seen, setSeen] = useState(coming);
  if (coming !== seen) {
    setSeen(coming);
    if (coming) setCancelled(false);
  }
  const cancel = (run: () => void) => () => {
    setCancelled(true);
    run();
    box.current?.focus();
  };
  const said = coming ? waitSentence(shownLabel, coming) : cancelled ? CANCELLED_TEXT : '';
  return (
    // The status line stays mounted while nothing is coming, so that its first words are heard.
    <div
      ref={box}
      tabIndex={-1}
      className={said ? 'source-wait' : 'source-wait idle'}
      data-testid="source-wait"
    >
      <p id={textId} className="source-wait-text" role="status">
        {said}
      </p>
      {coming?.kind === 'model' && (
        <LoadMeter
          testId="wait-progress"
          labelledBy={textId}
          loaded={coming.progress?.loaded ?? 0}
          total={coming.progress?.total ?? null}
          valuetext={modelAmount(coming.progress)}
          amount={modelAmount(coming.progress)}
          cancel={{ text: 'Cancel the download', onClick: cancel(coming.cancel) }}
        />
      )}
      {coming?.kind === 'file' && (
        <LoadMeter testId="wait-progress" labelledBy={textId} {...fileMeter(coming.progress)} />
      )}
      {coming?.kind === 'click' && (
        <button type="button" className="source-wait-load" onClick={coming.load}>
          Download {modelTitle(coming.ref)}
          {coming.bytes === null ? '' : ` (${formatBytes(coming.bytes)})`}
        </button>
      )}
    </div>
  );
}
