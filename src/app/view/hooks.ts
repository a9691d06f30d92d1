/**
 * Small browser hooks the charts share: a container's width, so charts are drawn at their real
 * pixel size (legible text at 375 px), and the reader's reduced-motion and dark-theme settings.
 */
import { useLayoutEffect, useState, useSyncExternalStore, type RefObject } from 'react';

/**
 * The content width of `ref`'s element in CSS px, kept current; `fallback` only where there is no
 * layout (a test's DOM). It is measured once before the first paint, so a chart is never painted
 * at the fallback width first: at 375 px a 640 px chart widened the page for a few frames.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback = 640): number {
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const style = getComputedStyle(el);
    const content = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (content > 0) setWidth(Math.floor(content));
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w && w > 0) setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * One MediaQueryList per query, and one subscribe function per query: useSyncExternalStore calls
 * getSnapshot on every render and subscribes again whenever `subscribe` is a new function, and a
 * matchMedia() call per render costs a style query (measured: milliseconds per slider move).
 */
const mediaLists = new Map<string, MediaQueryList>();
const mediaSubscribers = new Map<string, (onChange: () => void) => () => void>();

function mediaList(query: string): MediaQueryList | null {
  if (typeof matchMedia !== 'function') return null;
  let list = mediaLists.get(query);
  if (!list) {
    list = matchMedia(query);
    mediaLists.set(query, list);
  }
  return list;
}

function mediaSubscriber(query: string): (onChange: () => void) => () => void {
  let subscribe = mediaSubscribers.get(query);
  if (!subscribe) {
    subscribe = (onChange) => {
      const list = mediaList(query);
      if (!list) return () => undefined;
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    };
    mediaSubscribers.set(query, subscribe);
  }
  return subscribe;
}

/** A media query's answer, kept current (reduced motion, dark theme). */
function useMedia(query: string): boolean {
  return useSyncExternalStore(mediaSubscriber(query), () => mediaList(query)?.matches ?? false);
}

export const useReducedMotion = () => useMedia('(prefers-reduced-motion: reduce)');

/** A phone-sized window: the width at which styles.css switches to its narrow layout (40rem). */
export const useNarrowScreen = () => useMedia('(max-width: 40rem)');

function watchTheme(onChange: () => void): () => void {
  if (typeof MutationObserver !== 'function' || typeof document === 'undefined') return () => undefined;
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/**
 * The page's theme ('light', 'dark' or 'projector', from <html data-theme>), kept current, so a
 * canvas is redrawn in the new palette when it changes.
 */
export const useTheme = (): string =>
  useSyncExternalStore(
    watchTheme,
    () => document.documentElement.dataset.theme ?? 'light',
    () => 'light',
  );
