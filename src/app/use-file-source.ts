/**
 * Files of logits: chosen with "Load logits", dropped anywhere on the page, or linked by a course
 * page (#data=URL or ?data=URL); and a big file's progress, reading, parsing, then computing until
 * its result is shown (or refused).
 */
import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import { messageOf } from '../errors';
import { dataUrlOf, loadBook, loadFiles, loadUrl, type LoadProgress } from './compute/sources';
import type { AppAction, AppState, Source } from './state';

export interface FileSource {
  /** Opens files as "Load logits" does: one .npz or .safetensors, or logits.npy with targets.npy. */
  onFiles: (files: File[]) => void;
  /** The progress line to show: null once the file's result is shown, refused or replaced. */
  progress: LoadProgress | null;
  /** Files are being dragged over the page. */
  dragging: boolean;
}

/**
 * `state`: the reducer's (what is on screen, and its error); `data`: the linked file's URL as the
 * page was opened (#data=), or null; `keep`: keeps an opened file, so the picker can show it again.
 */
export function useFileSource(
  state: Pick<AppState, 'source' | 'shown' | 'error'>,
  data: string | null,
  keep: (source: Source) => void,
  dispatch: Dispatch<AppAction>,
): FileSource {
  // A big file's progress: reading, parsing, then computing until its result is shown (or refused).
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  const [scoring, setScoring] = useState<Source | null>(null);
  const reported = useRef<LoadProgress | null>(null);
  const onProgress = useCallback((p: LoadProgress | null) => {
    reported.current = p;
    setProgress(p);
  }, []);
  const toComputing = useCallback(
    (source: Source) => {
      const p = reported.current;
      onProgress(p && { ...p, phase: 'computing', loaded: p.total ?? p.loaded });
      setScoring(p ? source : null);
    },
    [onProgress],
  );
  const scored = progress?.phase === 'computing';
  const shownProgress =
    !scored || (scoring === state.source && state.shown?.source !== scoring && !state.error)
      ? progress
      : null;

  // An opened file is kept, shown, and computed with its progress line.
  const opened = useCallback(
    (source: Source) => {
      keep(source);
      dispatch({ type: 'source', source });
      toComputing(source);
    },
    [keep, dispatch, toComputing],
  );
  const openFile = useCallback(
    (loading: Promise<Source>) => {
      loading.then(opened, (error: unknown) => {
        onProgress(null);
        dispatch({ type: 'error', message: messageOf(error) });
      });
    },
    [opened, onProgress, dispatch],
  );
  const onFiles = useCallback(
    (files: File[]) => openFile(loadFiles(files, onProgress)),
    [openFile, onProgress],
  );

  // A course page can link to the tool opened on its own file: #data=URL or ?data=URL.
  useEffect(() => {
    // On failure the book is shown, and the reason after it (a new source clears old errors).
    const failWithBook = (error: unknown) =>
      loadBook()
        .then((source) => dispatch({ type: 'source', source }))
        .finally(() => dispatch({ type: 'error', message: messageOf(error) }))
        .catch(() => undefined); // the book's own failure is reported by the loading effect
    let url: URL | null;
    try {
      // The hash as the page was opened: the state effect may already have rewritten it.
      const { href, search } = window.location;
      url = dataUrlOf({ href, search, hash: data ? `#data=${encodeURIComponent(data)}` : '' });
    } catch (error) {
      failWithBook(error);
      return;
    }
    if (!url) return;
    // The linked file replaces the book.
    dispatch({ type: 'want', kind: 'file' });
    loadUrl(url, onProgress).then(opened, (error: unknown) => {
      onProgress(null);
      failWithBook(error);
    });
  }, [opened, onProgress, data, dispatch]);

  const dragging = useFileDrop(onFiles);
  return { onFiles, progress: shownProgress, dragging };
}

/** A file dropped anywhere on the page is opened as if chosen with "Load logits". */
function useFileDrop(onFiles: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const over = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length > 0) onFiles(files);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
    };
  }, [onFiles]);
  return dragging;
}
