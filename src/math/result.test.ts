import { describe, expect, it } from 'vitest';
import { makeBatch } from './1-logits';
import { crossEntropyCpu } from './cross-entropy';
import { CSV_COLUMNS, resultToCsv, resultToJson } from './result';

const result = crossEntropyCpu(
  makeBatch(new Float32Array([0, 1, 2, -Infinity, 3, 0, 0, 0, 1]), [1, 3, 3], [2, -100, 0]),
);

describe('exports', () => {
  it('writes one CSV row per token with the JSON’s numbers', () => {
    const lines = resultToCsv(result).split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(result.tokens.length + 2); // header, rows, and the final line end
    expect(lines.at(-1)).toBe('');
    const json = resultToJson(result);
    lines.slice(1, -1).forEach((line, i) => {
      const cells = line.split(',');
      const token = json.tokens[i]!;
      expect(cells).toHaveLength(CSV_COLUMNS.length);
      CSV_COLUMNS.forEach((column, c) => {
        const value = token[column];
        expect(cells[c]).toBe(value === null ? '' : String(value));
      });
    });
  });

  it('leaves ignored tokens’ numbers empty, as null in the JSON', () => {
    const row = resultToCsv(result).split('\r\n')[2]!;
    expect(row).toBe('0,1,-100,true,,,,');
    expect(resultToJson(result).tokens[1]).toMatchObject({
      ignored: true,
      prob: null,
      loss: null,
      rank: null,
    });
  });
});
