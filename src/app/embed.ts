/**
 * The embed protocol between the page in an iframe and its host page. Messages are plain objects
 * tagged { protocol: 'xent-embed', version: 1 }:
 *   page → host  { type: 'height', height }            the page's height in CSS px, on every change
 *   page → host  { type: 'navigate', direction }       a step past the last (or before the first)
 *                                                      stage: the host's slides should move on
 *   host → page  { type: 'hello' }                     asks for the height again
 * The page sends only to its parent, to the parent's origin when the referrer names it (else '*':
 * the messages carry nothing private), and reads only messages whose source is its parent and,
 * when known, whose origin is the parent's. public/embed-host.js is the host side.
 */
export const PROTOCOL = 'xent-embed';
export const VERSION = 1;

export type EmbedMessage =
  | { type: 'height'; height: number }
  | { type: 'navigate'; direction: 'next' | 'previous' }
  | { type: 'hello' };

/** True inside a frame (a cross-origin parent throws on access, which also means framed). */
export function isFramed(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

/** The host page's origin, from the referrer; null when it is not known (e.g. no-referrer). */
export function hostOrigin(referrer: string = document.referrer): string | null {
  try {
    return referrer ? new URL(referrer).origin : null;
  } catch {
    return null;
  }
}

export function send(message: EmbedMessage): void {
  if (!isFramed()) return;
  window.parent.postMessage({ protocol: PROTOCOL, version: VERSION, ...message }, hostOrigin() ?? '*');
}

/** A message from the host, checked; null for anything else. */
export function readHostMessage(event: MessageEvent): EmbedMessage | null {
  if (event.source !== window.parent) return null;
  const origin = hostOrigin();
  if (origin && event.origin !== origin) return null;
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null) return null;
  const m = data as { protocol?: unknown; type?: unknown };
  return m.protocol === PROTOCOL && m.type === 'hello' ? { type: 'hello' } : null;
}

/** Reports the page's height now and whenever it changes; returns the stop function. */
export function reportHeight(): () => void {
  if (!isFramed()) return () => undefined;
  let last = -1;
  const measure = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      send({ type: 'height', height });
    }
  };
  const observer = new ResizeObserver(measure);
  observer.observe(document.documentElement);
  const onMessage = (event: MessageEvent) => {
    if (readHostMessage(event)?.type === 'hello') {
      last = -1;
      measure();
    }
  };
  window.addEventListener('message', onMessage);
  measure();
  return () => {
    observer.disconnect();
    window.removeEventListener('message', onMessage);
  };
}
