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
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { catalogEntry, formatBytes } from '../../lm/catalog';
import type { ModelProgress } from '../compute/lm-source';
import type { LinkedModel } from '../compute/use-page-model';
import type { Pretrained } from '../compute/use-pretrained';
import type { LoadProgress } from '../compute/sources';
import { currentIntl } from '../i18n/current';
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

/**
 * The wait sentence, one message for each thing that can be coming: whose numbers are on screen
 * (`state` none: nothing yet; else `shown`), then what is coming.
 */
const WAIT = defineMessages({
  starting: {
    id: 'wait.model.starting',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: {model} is starting to download.} other {These numbers are still from {shown}: {model} is starting to download.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {model}: a model’s name.',
  },
  opening: {
    id: 'wait.model.opening',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: {model} is downloaded and opening.} other {These numbers are still from {shown}: {model} is downloaded and opening.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {model}: a model’s name; its runtime is opening the downloaded weights.',
  },
  downloading: {
    id: 'wait.model.downloading',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: {model} is downloading.} other {These numbers are still from {shown}: {model} is downloading.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {model}: a model’s name.',
  },
  scoring: {
    id: 'wait.model.scoring',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: {model} is computing its logits.} other {These numbers are still from {shown}: {model} is computing its logits.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {model}: a model’s name.',
  },
  reading: {
    id: 'wait.file.reading',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: “{file}” is being read.} other {These numbers are still from {shown}: “{file}” is being read.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {file}: a file’s name.',
  },
  parsing: {
    id: 'wait.file.parsing',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: “{file}” is being parsed.} other {These numbers are still from {shown}: “{file}” is being parsed.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {file}: a file’s name.',
  },
  computing: {
    id: 'wait.file.scoring',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: “{file}” is being scored.} other {These numbers are still from {shown}: “{file}” is being scored.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {file}: a file’s name.',
  },
  click: {
    id: 'wait.click',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: the link asks for {model}, a {size} download, which starts only when you ask.} other {These numbers are still from {shown}: the link asks for {model}, a {size} download, which starts only when you ask.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {model}: a model’s name; {size}: e.g. 501 MB.',
  },
  clickUnknown: {
    id: 'wait.click.unknown',
    defaultMessage:
      '{state, select, none {Nothing is shown yet: the link asks for {model}, a download of unknown size, which starts only when you ask.} other {These numbers are still from {shown}: the link asks for {model}, a download of unknown size, which starts only when you ask.}}',
    description:
      'Under the loss while another source loads: whose numbers are on screen ({shown}, e.g. “the book’s example”, or none yet), then what is coming. {model}: a model’s name.',
  },
});

/** What is coming: its message (WAIT) and the message's values. */
function comingMessage(c: Coming): [MessageDescriptor, Record<string, string>] {
  switch (c.kind) {
    case 'model': {
      const model = modelTitle(c.ref);
      if (!c.progress) return [WAIT.starting, { model }];
      return [opening(c.progress) ? WAIT.opening : WAIT.downloading, { model }];
    }
    case 'scoring':
      return [WAIT.scoring, { model: modelTitle(c.ref) }];
    case 'file':
      return [WAIT[c.progress.phase], { file: c.progress.name }];
    case 'click':
      return c.bytes === null
        ? [WAIT.clickUnknown, { model: modelTitle(c.ref) }]
        : [WAIT.click, { model: modelTitle(c.ref), size: formatBytes(c.bytes) }];
  }
}

/** The sentence: whose numbers are on screen, then what is coming. */
export function waitSentence(shownLabel: string | null, c: Coming): string {
  const [message, values] = comingMessage(c);
  return currentIntl().formatMessage(message, {
    ...values,
    state: shownLabel ? 'shown' : 'none',
    shown: shownLabel ?? '',
  });
}

/** Said where the Cancel button was, once the download it cancelled has stopped. */
export const cancelledText = (): string =>
  currentIntl().formatMessage({
    id: 'wait.cancelled',
    defaultMessage: 'The download was cancelled; the numbers on screen stay.',
  });

export function SourceWait({ shownLabel, coming }: { shownLabel: string | null; coming: Coming | null }) {
  const id = useId();
  const intl = useIntl();
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
  const said = coming ? waitSentence(shownLabel, coming) : cancelled ? cancelledText() : '';
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
          cancel={{
            text: intl.formatMessage({
              id: 'wait.cancel',
              defaultMessage: 'Cancel the download',
              description: 'Button that stops a model’s download.',
            }),
            onClick: cancel(coming.cancel),
          }}
        />
      )}
      {coming?.kind === 'file' && (
        <LoadMeter testId="wait-progress" labelledBy={textId} {...fileMeter(coming.progress)} />
      )}
      {coming?.kind === 'click' && (
        <button type="button" className="source-wait-load" onClick={coming.load}>
          {coming.bytes === null ? (
            <FormattedMessage
              id="wait.download"
              defaultMessage="Download {model}"
              description="Button that downloads the model a link names; {model}: its name."
              values={{ model: modelTitle(coming.ref) }}
            />
          ) : (
            <FormattedMessage
              id="wait.download.size"
              defaultMessage="Download {model} ({size})"
              description="Button that downloads the model a link names; {model}: its name; {size}: e.g. 501 MB."
              values={{ model: modelTitle(coming.ref), size: formatBytes(coming.bytes) }}
            />
          )}
        </button>
      )}
    </div>
  );
}
