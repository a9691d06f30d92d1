/**
 * The page's messages for the catalog (model-why.ts) say in English exactly what lm/catalog.ts and
 * lm/variants.ts say, which the command-line tool prints.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../lm/catalog';
import { DTYPE_LABEL, DTYPES } from '../../lm/variants';
import { dtypeLabel, modelWhy } from './model-why';

describe('model-why', () => {
  it('gives each catalog model its sentence, word for word', () => {
    for (const m of CATALOG) expect(modelWhy(m)).toBe(m.why);
  });

  it('falls back to the catalog’s English for a model it does not know', () => {
    expect(modelWhy({ id: 'someone/new-model', why: 'A new model.' })).toBe('A new model.');
  });

  it('gives each precision its label, word for word', () => {
    for (const d of DTYPES) expect(dtypeLabel(d)).toBe(DTYPE_LABEL[d]);
  });
});
