/**
 * A formula set by KaTeX. The TeX is built by the page from numbers it computed (never from
 * reader input), and KaTeX emits MathML beside the HTML, so screen readers read the math.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useIntl } from 'react-intl';

/**
 * A display formula wider than its column scrolls sideways; it then takes keyboard focus (with a
 * name saying so), so the arrow keys can scroll it too (WCAG 2.1.1). Narrower, it is plain text.
 */
export function Formula({ tex, display = false }: { tex: string; display?: boolean }) {
  const intl = useIntl();
  const html = useMemo(
    () => katex.renderToString(tex, { displayMode: display, output: 'htmlAndMathml', throwOnError: false }),
    [tex, display],
  );
  const ref = useRef<HTMLElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !display) return;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [html, display]);
  const Tag = display ? 'div' : 'span';
  const focusable = scrolls
    ? {
        tabIndex: 0,
        role: 'region',
        'aria-label': intl.formatMessage({
          id: 'num.formula.scrolls',
          defaultMessage: 'Formula, scrolls sideways',
          description:
            'Name of a formula too wide for its column: it takes the keyboard focus so the arrow keys scroll it.',
        }),
      }
    : {};
  return (
    <Tag
      ref={ref as React.RefObject<HTMLDivElement & HTMLSpanElement>}
      className="formula"
      {...focusable}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/** A number for TeX: the page's rounded text, with the true minus and thin-space groups. */
export function texNumber(text: string): string {
  return text
    .replace(/−/g, '-')
    .replace(/,/g, '{,}')
    .replace(/e-(\d+)/, '\\times 10^{-$1}')
    .replace(/e\+?(\d+)/, '\\times 10^{$1}');
}
