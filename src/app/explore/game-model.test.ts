/**
 * "You are the model" without React, on the book's example (chapter 5's untrained GPT-2): the
 * positions and the text so far; the shortlist's edits; the export rows, whose q are checked
 * against hand computations from the points (and V = 50,257) and whose model numbers are the
 * CPU engine's result; the CSV's cells; typed words cut into tokens.
 */
import { describe, expect, it } from 'vitest';
import { bookNpz } from '../../../test/fixtures/logits-files';
import { fileToBatch, parseLogitsFile } from '../../io';
import {
  betRefusal,
  classroomRefusal,
  crossEntropyCpu,
  makeBatch,
  makeBet,
  MAX_SHORTLIST,
  type BetInput,
  type ClassroomInput,
  type XentResult,
} from '../../math';
import { createIntl } from 'react-intl';
import { currentIntl, setCurrentIntl } from '../i18n/current';
import { pseudoCatalog } from '../i18n/pseudo';
import {
  addPick,
  contextIds,
  csvCell,
  draftRefusal,
  draftTotal,
  gameCsv,
  gameExport,
  gamePositions,
  nameTokens,
  newDraft,
  refusalText,
  removePick,
  setPick,
  typedToken,
  type BetRound,
  type Draft,
  type GamePosition,
} from './game-model';

const V = 50257;
/** The book's targets (text 1, then text 2) and inputs, as in surprisal-model.test.ts. */
const BOOK_TARGETS = [3626, 6100, 345, 1107, 588, 11311];
const BOOK_INPUTS = [16833, 3626, 6100, 40, 1107, 588];

function book(): { inputs: Int32Array; result: XentResult; targets: Int32Array; ignoreIndex: number } {
  const file = parseLogitsFile(bookNpz(), 'ch05-untrained-gpt2-logits.npz');
  const batch = fileToBatch(file);
  return {
    inputs: file.inputs!,
    result: crossEntropyCpu(batch),
    targets: batch.targets,
    ignoreIndex: batch.ignoreIndex,
  };
}

/** Relative closeness, for numbers computed two ways. */
function expectRel(actual: number | null, want: number, rel = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - want)).toBeLessThanOrEqual(rel * Math.abs(want));
}

describe('gamePositions and contextIds', () => {
  it('walks the book’s six positions in reading order, text 1 then text 2', () => {
    const { result } = book();
    const positions = gamePositions(result);
    expect(positions.map((p) => [p.b, p.t])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(positions.map((p) => p.target)).toEqual(BOOK_TARGETS);
    expect(positions.map((p) => p.row)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('skips padding (ignored targets)', () => {
    // (2, 2, 3): text 2's second target is ignore_index.
    const batch = makeBatch(new Float32Array(12), [2, 2, 3], [1, 2, 0, -100]);
    const positions = gamePositions(crossEntropyCpu(batch));
    expect(positions.map((p) => p.row)).toEqual([0, 1, 2]);
    expect(positions[2]).toEqual({ row: 2, b: 1, t: 0, target: 0 });
  });

  it('reads the inputs up to the position, never the target', () => {
    const { inputs, targets, ignoreIndex } = book();
    const at = (b: number, t: number, start: number | null = null) =>
      contextIds(inputs, targets, ignoreIndex, [2, 3, V], b, t, start);
    expect(at(0, 0)).toEqual({ ids: [16833], unknownStart: false });
    expect(at(0, 2)).toEqual({ ids: BOOK_INPUTS.slice(0, 3), unknownStart: false });
    expect(at(1, 2)).toEqual({ ids: BOOK_INPUTS.slice(3, 6), unknownStart: false });
    // A pretrained model's start token is not text.
    expect(at(1, 1, 40)).toEqual({ ids: [1107], unknownStart: false });
  });

  it('without inputs, reads the earlier targets and says the first token is unknown', () => {
    const { targets, ignoreIndex } = book();
    expect(contextIds(null, targets, ignoreIndex, [2, 3, V], 1, 2, null)).toEqual({
      ids: BOOK_TARGETS.slice(3, 5),
      unknownStart: true,
    });
    expect(contextIds(null, targets, ignoreIndex, [2, 3, V], 0, 0, null)).toEqual({
      ids: [],
      unknownStart: true,
    });
  });
});

describe('the shortlist while it is edited', () => {
  const added = (draft: Draft, id: number, kind: 'points' | 'votes' = 'points') => {
    const next = addPick(draft, id, kind, `#${id}`);
    if (typeof next === 'string') throw new Error(next);
    return next;
  };

  it('gives a new token 10 points from “something else”, keeping the total at 100', () => {
    const draft = added(added(newDraft('points'), 5), 7);
    expect(draft).toEqual({
      picks: [
        { id: 5, points: 10 },
        { id: 7, points: 10 },
      ],
      somethingElse: 80,
    });
    expect(draftTotal(draft)).toBe(100);
  });

  it('moves points between a token and “something else”, down to 0', () => {
    const draft = setPick(added(newDraft('points'), 5), 0, 60, 'points');
    expect(draft).toEqual({ picks: [{ id: 5, points: 60 }], somethingElse: 40 });
    const over = setPick(draft, 0, 130, 'points');
    expect(over.somethingElse).toBe(0);
    expect(draftTotal(over)).toBe(130);
    expect(removePick(draft, 0, 'points')).toEqual({ picks: [], somethingElse: 100 });
  });

  it('starts votes at 0 and leaves “something else” alone', () => {
    const draft = setPick(added(newDraft('votes'), 5, 'votes'), 0, 12, 'votes');
    expect(draft).toEqual({ picks: [{ id: 5, points: 12 }], somethingElse: 0 });
    expect(removePick(draft, 0, 'votes')).toEqual({ picks: [], somethingElse: 0 });
  });

  it('refuses a token twice and a sixth token, in one sentence each', () => {
    let draft = newDraft('points');
    for (let id = 0; id < MAX_SHORTLIST; id++) draft = added(draft, id);
    expect(addPick(draft, 2, 'points', '␣the')).toBe('␣the is already on the shortlist.');
    expect(addPick(draft, 9, 'points', '␣a')).toBe(
      'The shortlist already has 5 tokens; take one off to add ␣a.',
    );
  });

  it('shows bet.ts’s refusals with the tokens named as the page shows them', () => {
    const draft: Draft = { picks: [{ id: 3626, points: 0 }], somethingElse: 100 };
    const sentence = draftRefusal(draft, 'points', V);
    expect(sentence).toMatch(/^Token 3626 has 0 points/);
    expect(nameTokens(sentence!, () => '␣effort')).toMatch(/^Token ␣effort has 0 points/);
    expect(draftRefusal({ picks: [{ id: 1, points: 100 }], somethingElse: 0 }, 'points', V)).toMatch(
      /needs at least 1%/,
    );
    // Votes are repaired, not refused.
    expect(draftRefusal({ picks: [{ id: 1, points: 0 }], somethingElse: 0 }, 'votes', V)).toBeNull();
  });
});

describe('gameExport and gameCsv', () => {
  const { result } = book();
  const positions = gamePositions(result);
  const round = (
    position: GamePosition,
    picks: { id: number; points: number }[],
    somethingElse: number,
  ): BetRound => ({
    position,
    kind: 'points',
    picks,
    somethingElse,
    hinted: false,
    bet: makeBet({ vocab: V, shortlist: picks, somethingElse }),
  });
  // 60 on the true " effort" and 40 on something else; 99 on a wrong token and 1 on something else.
  const rounds = [
    round(positions[0]!, [{ id: 3626, points: 60 }], 40),
    round(positions[1]!, [{ id: 11311, points: 99 }], 1),
  ];
  const exported = gameExport(rounds, result, (id) => (id === 3626 ? ' effort' : `<${id}>`));

  it('gives each position the student’s q from the points, and the engine’s p and rank', () => {
    const q = [60 / 100, 1 / 100 / (V - 1)];
    exported.tokens.forEach((token, i) => {
      expectRel(token.studentProb, q[i]!);
      expectRel(token.studentLoss, -Math.log(q[i]!));
      const engine = result.tokens[i]!;
      expect(token.modelProb).toBe(engine.prob);
      expect(token.modelLoss).toBe(engine.loss);
      expect(token.modelRank).toBe(engine.rank);
    });
    expect(exported.tokens[0]).toMatchObject({ batch: 0, position: 0, target: 3626, token: ' effort' });
    expect(exported.tokens[1]!.bet).toEqual({
      kind: 'points',
      shortlist: [{ id: 11311, points: 99, token: '<11311>' }],
      somethingElse: 1,
      hinted: false,
    });
  });

  it('totals both sides as the mean −ln and its e^', () => {
    const student = (-Math.log(0.6) - Math.log(0.01 / (V - 1))) / 2;
    const model = (result.tokens[0]!.loss + result.tokens[1]!.loss) / 2;
    expectRel(exported.student.loss, student);
    expectRel(exported.student.perplexity, Math.exp(student));
    expectRel(exported.model.loss, model);
    expectRel(exported.model.perplexity, Math.exp(model));
  });

  it('gives null totals before any position is played', () => {
    expect(gameExport([], result, null)).toEqual({
      student: { loss: null, perplexity: null },
      model: { loss: null, perplexity: null },
      tokens: [],
    });
  });

  it('writes the same rows as CSV, the bet as id:points pairs', () => {
    const lines = gameCsv(exported).split('\r\n');
    expect(lines[0]).toBe(
      'batch,position,target,token,studentProb,studentLoss,modelProb,modelLoss,modelRank,betKind,bet,somethingElse,hinted',
    );
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last "\r\n"
    const cells = lines[1]!.split(',');
    expect(cells.slice(0, 4)).toEqual(['0', '0', '3626', ' effort']);
    expect(Number(cells[4])).toBe(exported.tokens[0]!.studentProb);
    expect(Number(cells[6])).toBe(result.tokens[0]!.prob);
    expect(cells.slice(9)).toEqual(['points', '3626:60', '40', 'false']);
  });

  it('quotes a cell that holds a comma, a quote or a line break', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('\n')).toBe('"\n"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.5)).toBe('0.5');
  });
});

describe('typedToken', () => {
  // A stand-in tokenizer: " chocolate" is one token, "chocolate" two ("ch", "ocolate").
  const vocab: Record<string, number[]> = {
    ' chocolate': [11311],
    chocolate: [354, 9140],
    ' effort': [3626],
  };
  const encode = (text: string) => vocab[text] ?? [];

  it('puts a space before the word when asked, unless it begins with one', () => {
    expect(typedToken(encode, 'chocolate', true)).toEqual({ id: 11311, ids: [11311], text: ' chocolate' });
    expect(typedToken(encode, ' effort', true)).toEqual({ id: 3626, ids: [3626], text: ' effort' });
  });

  it('bets on the first token of a word that is several', () => {
    expect(typedToken(encode, 'chocolate', false)).toEqual({ id: 354, ids: [354, 9140], text: 'chocolate' });
  });

  it('says so in one sentence when nothing was typed or nothing came out', () => {
    expect(typedToken(encode, '', true)).toBe('Type a word first, then add it.');
    expect(typedToken(encode, 'zzz', false)).toBe('“zzz” gives no token; type another word.');
  });
});

describe('refusalText: the sentences of src/math/bet.ts in the page’s language', () => {
  // The math layer (shared with the command line) refuses in English; the game recognises each
  // sentence by its shape and says it through the catalog. In the pseudo-language a recognised
  // sentence comes out inside ⟦ ⟧; one not recognised would stay plain English.
  const ok: BetInput = { vocab: 100, shortlist: [{ id: 1, points: 60 }], somethingElse: 40 };
  // What the form can send. It never sends a sixth token, a repeated one, or an id outside the
  // vocabulary (ids come from the tokenizer or the model's top 10): those refusals stay English.
  const bets: BetInput[] = [
    { ...ok, somethingElse: 0 },
    { ...ok, shortlist: [{ id: 3, points: -3 }] },
    { ...ok, shortlist: [{ id: 3, points: NaN }] },
    { ...ok, somethingElse: NaN },
    { vocab: 10, shortlist: [], somethingElse: 0 },
    { vocab: 10, shortlist: [{ id: 1, points: 1e308 }], somethingElse: 1e308 },
    { vocab: 10, shortlist: [{ id: 1, points: 5e-324 }], somethingElse: 100 },
  ];
  const votes: ClassroomInput[] = [
    { vocab: 100, votes: [{ id: 1, points: -2 }], somethingElse: 3 },
    { vocab: 100, votes: [{ id: 1, points: 2.5 }], somethingElse: 3 },
  ];

  it('recognises every refusal a bet or a class’s votes can get', () => {
    const was = currentIntl();
    setCurrentIntl(createIntl({ locale: 'en', defaultLocale: 'en', messages: pseudoCatalog() }));
    try {
      const sentences = [...bets.map(betRefusal), ...votes.map(classroomRefusal)];
      const plain = sentences.filter((s) => s === null || !refusalText(s, (id) => `#${id}`).startsWith('⟦'));
      expect(plain).toEqual([]);
    } finally {
      setCurrentIntl(was);
    }
  });
});
