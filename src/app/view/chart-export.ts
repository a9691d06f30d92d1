/**
 * Pure parts of the chart exports (ChartExport.tsx): the caption wrapped into lines, the SVG
 * text of a caption, an SVG that carries a canvas's pixels, file names, and a PNG's size read
 * from its header (for tests and checks). No DOM here, so Vitest runs it in Node.
 */

/** Caption text in CSS px: size, line height and padding above the first line. */
export const CAPTION = { fontSize: 13, lineHeight: 18, padTop: 14, padBottom: 10, charWidth: 6.6 };

/** How many caption lines fit, and the px height they add under a chart of this width. */
export function captionHeight(lines: number): number {
  return lines === 0 ? 0 : CAPTION.padTop + lines * CAPTION.lineHeight + CAPTION.padBottom;
}

/** A line's width in px: measured in the caption's font where a canvas can, else estimated. */
export type Measure = (line: string) => number;
/** Chinese and Japanese characters and full-width punctuation: about twice a Latin letter's width. */
const WIDE = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/gu;
const estimate: Measure = (line) => (line.length + (line.match(WIDE)?.length ?? 0)) * CAPTION.charWidth;

/** A Chinese or Japanese character: a line may break before it, though no space is there. */
const IDEOGRAPH = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

/**
 * A word's pieces a line may break between: the word whole, or in Chinese and Japanese (written
 * without spaces) each character with what follows it up to the next one, so that punctuation
 * ("，", "。") and numbers stay with the character before them.
 */
function pieces(word: string): string[] {
  const out: string[] = [];
  for (const c of word) {
    if (out.length === 0 || IDEOGRAPH.test(c)) out.push(c);
    else out[out.length - 1] += c;
  }
  return out;
}

/**
 * Splits a caption into lines of at most `width` − 16 px (8 px margins), as `measure` says, by
 * default CAPTION.charWidth px per character (13 px sans); words longer than a line stay whole
 * on their own line. Chinese and Japanese captions, which have no spaces, break between
 * characters.
 */
export function wrapCaption(text: string, width: number, measure: Measure = estimate): string[] {
  const max = Math.max(12 * CAPTION.charWidth, width - 16);
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (!word) continue;
    pieces(word).forEach((piece, i) => {
      // A word's first piece follows a space; the others join the piece before them directly.
      const joined = line ? `${line}${i === 0 ? ' ' : ''}${piece}` : piece;
      if (line && measure(joined) > max) {
        lines.push(line);
        line = piece;
      } else line = joined;
    });
  }
  if (line) lines.push(line);
  return lines;
}

/** Text safe inside an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

export interface CaptionStyle {
  ink: string;
  font: string;
  /** Measures a caption line in this font (ChartExport passes a canvas's measureText). */
  measure?: Measure;
}

/** The caption as SVG <text> lines starting `top` px down, 8 px in from the left. */
export function captionSvg(lines: string[], top: number, style: CaptionStyle): string {
  const y0 = top + CAPTION.padTop + CAPTION.fontSize;
  return (
    `<g class="chart-caption" fill="${escapeXml(style.ink)}" font-family="${escapeXml(style.font)}" font-size="${CAPTION.fontSize}">` +
    lines.map((l, i) => `<text x="8" y="${y0 + i * CAPTION.lineHeight}">${escapeXml(l)}</text>`).join('') +
    '</g>'
  );
}

/**
 * A standalone SVG for a canvas chart: raster inside SVG. The canvas's pixels as an <image> of
 * a PNG data URL (width × height CSS px), a background and the caption below as real text.
 */
export function canvasSvg(
  pngDataUrl: string,
  width: number,
  height: number,
  caption: string,
  style: CaptionStyle & { background: string },
): string {
  const lines = wrapCaption(caption, width, style.measure);
  const total = height + captionHeight(lines.length);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">` +
    '<!-- Raster inside SVG: the chart is drawn on a canvas, so its pixels are embedded as a PNG; the caption is text. -->' +
    `<rect width="100%" height="100%" fill="${escapeXml(style.background)}"/>` +
    `<image href="${pngDataUrl}" x="0" y="0" width="${width}" height="${height}"/>` +
    captionSvg(lines, height, style) +
    '</svg>'
  );
}

/** A file name from a base: "softmax-chart" → "softmax-chart.svg"; unsafe characters dropped. */
export function exportFileName(base: string, ext: 'svg' | 'png'): string {
  const safe =
    base
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'chart';
  return `${safe}.${ext}`;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height in px from a PNG's IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Computed style properties copied inline into an exported SVG, so it looks the same outside the page. */
export const INLINE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;
