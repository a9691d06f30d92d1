/**
 * Small browser hooks the chart stages (−log p, mean, perplexity) share: a container's width,
 * so charts are drawn at their real pixel size (legible text at 375 px), and the reader's
 * reduced-motion preference.
 */
import { useEffect, useState, type RefObject } from 'react';

/** The content width of `ref`'s element in CSS px, kept current; `fallback` before layout. */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback = 640): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w && w > 0) setWidth(Math.round(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

const REDUCE = '(prefers-reduced-motion: reduce)';

/** True when the reader asked the system for less motion. */
export function useReducedMotion(): boolean {
  const [reduce, setReduce] = useState(() => typeof matchMedia === 'function' && matchMedia(REDUCE).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(REDUCE);
    const onChange = () => setReduce(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return reduce;
}
