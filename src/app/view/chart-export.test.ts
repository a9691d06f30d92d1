import { describe, expect, it } from 'vitest';
import {
  canvasSvg,
  captionHeight,
  captionSvg,
  escapeXml,
  exportFileName,
  pngSize,
  wrapCaption,
} from './chart-export';

describe('chart export helpers', () => {
  it('wraps a caption into lines that fit and keeps every word', () => {
    const text = 'The target is at rank 7,247 of 50,257 with p = 0.000012 and the loss is 11.33 nats.';
    const lines = wrapCaption(text, 200);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(Math.floor((200 - 16) / 6.6));
    expect(lines.join(' ')).toBe(text);
    expect(wrapCaption('  ', 300)).toEqual([]);
    expect(captionHeight(0)).toBe(0);
    expect(captionHeight(2)).toBeGreaterThan(captionHeight(1));
  });

  it('wraps by the measured width when given a measure', () => {
    // A font where digits are twice as wide as letters: lines with numbers break sooner.
    const measure = (line: string) => [...line].reduce((w, c) => w + (/\d/.test(c) ? 16 : 8), 0);
    const text = 'p 0.000123 → 0.004567; q 0.000111 → 0.002222; word word word word';
    const lines = wrapCaption(text, 216, measure);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(text);
    expect(lines.length).toBeGreaterThan(wrapCaption(text, 216).length);
  });

  it('escapes XML and writes caption text', () => {
    expect(escapeXml(`a < b & "c" 'd' >`)).toBe('a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;');
    const svg = captionSvg(['p < 1', 'rank 7'], 100, { ink: '#111', font: 'sans-serif' });
    expect(svg).toContain('>p &lt; 1</text>');
    expect(svg).toContain('>rank 7</text>');
  });

  it('builds an SVG around a canvas image with the caption below', () => {
    const svg = canvasSvg('data:image/png;base64,AAAA', 400, 300, 'rank 7,247', {
      ink: '#000',
      font: 'sans-serif',
      background: '#fff',
    });
    const h = 300 + captionHeight(1);
    expect(svg).toContain(`viewBox="0 0 400 ${h}"`);
    expect(svg).toContain('href="data:image/png;base64,AAAA"');
    expect(svg).toContain('Raster inside SVG');
    expect(svg).toContain('>rank 7,247</text>');
  });

  it('names files and reads a PNG header', () => {
    expect(exportFileName('Softmax chart!', 'png')).toBe('softmax-chart.png');
    expect(exportFileName('???', 'svg')).toBe('chart.svg');
    const bytes = new Uint8Array(24);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
    new DataView(bytes.buffer).setUint32(16, 1280);
    new DataView(bytes.buffer).setUint32(20, 700);
    expect(pngSize(bytes)).toEqual({ width: 1280, height: 700 });
    expect(pngSize(new Uint8Array(30))).toBeNull();
  });
});
