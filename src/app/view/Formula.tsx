/**
 * A formula set by KaTeX. The TeX is built by the page from numbers it computed (never from
 * reader input), and KaTeX emits MathML beside the HTML, so screen readers read the math.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export function Formula({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(
    () => katex.renderToString(tex, { displayMode: display, output: 'htmlAndMathml', throwOnError: false }),
    [tex, display],
  );
  const Tag = display ? 'div' : 'span';
  return <Tag className="formula" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A number for TeX: the page's rounded text, with the true minus and thin-space groups. */
export function texNumber(text: string): string {
  return text
    .replace(/−/g, '-')
    .replace(/,/g, '{,}')
    .replace(/e-(\d+)/, '\\times 10^{-$1}')
    .replace(/e\+?(\d+)/, '\\times 10^{$1}');
}
