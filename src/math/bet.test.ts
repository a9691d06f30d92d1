/**
 * The "you are the model" bet: hand-computed q and losses (to 1e-12 relative), the rules that
 * keep every q > 0 with their exact refusal sentences, the all-in cost against its formula, a
 * game's totals, and a classroom's votes; properties on random valid bets: q sums to 1 over V,
 * every q > 0, q(id) agrees with the materialised distribution and the loss is −ln q(y).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniformLoss } from './6-perplexity';
import {
  MAX_SHORTLIST,
  allInCost,
  betDistribution,
  betLoss,
  betProb,
  betRefusal,
  classroomBet,
  classroomRefusal,
  gameTotals,
  makeBet,
  scoreGame,
  type Bet,
  type BetInput,
} from './bet';
import { RUNS, expectClose, refusal } from './test-helpers';

const GPT2_V = 50_257;

/**
 * V = 10; 50 points on token 3, 30 on token 7, 20 on something else, shared by the 8 others:
 * q(3) = 50/100 = 0.5, q(7) = 0.3, q(other) = 0.2 / 8 = 0.025.
 */
const TEN: BetInput = {
  vocab: 10,
  shortlist: [
    { id: 3, points: 50 },
    { id: 7, points: 30 },
  ],
  somethingElse: 20,
};

/** Σ_j q(j) over all V tokens, from the materialised distribution. */
function total(bet: Bet): number {
  return betDistribution(bet).reduce((s, q) => s + q, 0);
}

describe('makeBet', () => {
  const bet = makeBet(TEN);

  it('gives q(j) = points_j / total on the shortlist and (points_else / total) / (V − k) elsewhere', () => {
    expect(bet.ids).toEqual([3, 7]);
    expect(bet.rest).toBe(8);
    expectClose(betProb(bet, 3), 0.5);
    expectClose(betProb(bet, 7), 0.3);
    expectClose(bet.elseShare, 0.2);
    for (const id of [0, 1, 2, 4, 5, 6, 8, 9]) expectClose(betProb(bet, id), 0.025);
    expectClose(total(bet), 1);
  });

  it('materialises q as V float64s, index = token id', () => {
    const q = betDistribution(bet);
    expect(q).toBeInstanceOf(Float64Array);
    expect(q.length).toBe(10);
    q.forEach((qj, j) => expect(qj).toBe(betProb(bet, j)));
  });

  it('loses −ln q(y) nats: ln 2 on token 3, −ln 0.3 on token 7, ln 40 on any other; bits = nats / ln 2', () => {
    expectClose(betLoss(bet, 3), Math.LN2);
    expectClose(betLoss(bet, 7), -Math.log(0.3));
    expectClose(betLoss(bet, 0), Math.log(40));
    expectClose(betLoss(bet, 3, 'bits'), 1);
    expectClose(betLoss(bet, 7, 'bits'), -Math.log2(0.3));
    expectClose(betLoss(bet, 9, 'bits'), Math.log2(40));
  });

  it('normalises a total other than 100: 5, 3 and 2 points are the same bet as 50, 30 and 20', () => {
    const small = makeBet({
      ...TEN,
      shortlist: TEN.shortlist.map(({ id, points }) => ({ id, points: points / 10 })),
      somethingElse: 2,
    });
    expect(betDistribution(small)).toEqual(betDistribution(bet));
  });

  it('with an empty shortlist is the uniform guess: q = 1 / V, loss ln V', () => {
    const uniform = makeBet({ vocab: GPT2_V, shortlist: [], somethingElse: 100 });
    expect(uniform.elseShare).toBe(1);
    expectClose(betProb(uniform, 123), 1 / GPT2_V);
    expectClose(betLoss(uniform, 123), uniformLoss(GPT2_V));
    expectClose(total(uniform), 1);
  });

  it('with all V tokens listed (k = V) takes every q from the list and needs 0 on something else', () => {
    // V = 3: q = 60/100, 30/100, 10/100, nothing left to share.
    const all: BetInput = {
      vocab: 3,
      shortlist: [
        { id: 2, points: 60 },
        { id: 0, points: 30 },
        { id: 1, points: 10 },
      ],
      somethingElse: 0,
    };
    const full = makeBet(all);
    expect(full.rest).toBe(0);
    expect(full.elseEach).toBe(0);
    expect(Array.from(betDistribution(full))).toEqual([0.3, 0.1, 0.6]);
    expectClose(betLoss(full, 1), Math.log(10));
    expect(betRefusal({ ...all, somethingElse: 5 })).toBe(
      'The shortlist holds all 3 tokens, so no token is left for “something else”; set its points to 0.',
    );
  });

  it('accepts “something else” at exactly 1 % (1 point of 100, or 0.29 of 29 despite rounding)', () => {
    const one = makeBet({ vocab: GPT2_V, shortlist: [{ id: 0, points: 99 }], somethingElse: 1 });
    expectClose(betProb(one, 1), 0.01 / (GPT2_V - 1));
    expect(0.29 / (28.71 + 0.29)).toBeLessThan(0.01); // the division rounds below 1 %
    expect(betRefusal({ vocab: 10, shortlist: [{ id: 0, points: 28.71 }], somethingElse: 0.29 })).toBeNull();
  });
});

describe('betRefusal', () => {
  const ok: BetInput = { ...TEN, vocab: 100 };
  const picks = (...ids: number[]) => ids.map((id) => ({ id, points: 10 }));

  it('is null for a valid bet, and makeBet then succeeds', () => {
    expect(betRefusal(ok)).toBeNull();
    expect(makeBet(ok).ids).toEqual([3, 7]);
  });

  it('refuses “something else” below 1 % of the total, or at 0', () => {
    expect(betRefusal({ ...ok, somethingElse: 0 })).toBe(
      '“Something else” has 0% of the points but needs at least 1% (1 point of 100), so that no token’s probability is 0; move some points to it.',
    );
    expect(betRefusal({ vocab: 100, shortlist: [{ id: 4, points: 99.5 }], somethingElse: 0.5 })).toBe(
      '“Something else” has 0.5% of the points but needs at least 1% (1 point of 100), so that no token’s probability is 0; move some points to it.',
    );
  });

  it('refuses a shortlist of more than 5, an id outside [0, V), and an id listed twice', () => {
    expect(MAX_SHORTLIST).toBe(5);
    expect(betRefusal({ ...ok, shortlist: picks(1, 2, 3, 4, 5, 6) })).toBe(
      'The shortlist has 6 tokens but at most 5 are allowed; take 1 off it and leave it to “something else”.',
    );
    expect(betRefusal({ ...ok, shortlist: picks(1, 2, 3, 4, 5, 6, 7) })).toBe(
      'The shortlist has 7 tokens but at most 5 are allowed; take 2 off it and leave them to “something else”.',
    );
    const outside = 'is not in the vocabulary of 100 tokens; pick a whole number from 0 to 99.';
    expect(betRefusal({ ...ok, shortlist: picks(100) })).toBe(`Token id 100 ${outside}`);
    expect(betRefusal({ ...ok, shortlist: picks(-1) })).toBe(`Token id -1 ${outside}`);
    expect(betRefusal({ ...ok, shortlist: picks(2.5) })).toBe(`Token id 2.5 ${outside}`);
    expect(betRefusal({ ...ok, shortlist: picks(7, 3, 7) })).toBe(
      'Token 7 is on the shortlist twice; list it once, with the points of both entries.',
    );
  });

  it('refuses negative, non-finite or zero points on a listed token, and negative or non-finite on something else', () => {
    const listed = (points: number) =>
      `Token 3 has ${points} points; give every token on the shortlist a finite number of points above 0, or take it off the shortlist.`;
    for (const points of [-3, 0, NaN, Infinity]) {
      expect(betRefusal({ ...ok, shortlist: [{ id: 3, points }] })).toBe(listed(points));
    }
    for (const points of [-1, NaN, Infinity]) {
      expect(betRefusal({ ...ok, somethingElse: points })).toBe(
        `“Something else” has ${points} points; give it a finite number of points, 0 or more.`,
      );
    }
  });

  it('refuses a bet with no points, points that overflow, and a listed share that underflows to 0', () => {
    expect(betRefusal({ vocab: 10, shortlist: [], somethingElse: 0 })).toBe(
      'The bet has no points at all; spread 100 points over the shortlist and “something else”.',
    );
    expect(betRefusal({ vocab: 10, shortlist: [{ id: 1, points: 1e308 }], somethingElse: 1e308 })).toBe(
      'The points add up to more than a float64 can hold; use smaller numbers, such as a total of 100.',
    );
    expect(betRefusal({ vocab: 10, shortlist: [{ id: 1, points: 5e-324 }], somethingElse: 100 })).toBe(
      'Token 1 gets too small a share of the points to have a probability above 0; give it more points or take it off the shortlist.',
    );
  });

  it('refuses a vocabulary size that is not a whole number ≥ 2', () => {
    for (const vocab of [1, 0, 2.5, NaN]) {
      expect(betRefusal({ vocab, shortlist: [], somethingElse: 100 })).toBe(
        `The vocabulary size is ${vocab} but must be a whole number of at least 2 tokens; give the model’s vocabulary size.`,
      );
    }
  });

  it('is what makeBet throws, and q(id) and the loss refuse an id outside the vocabulary', () => {
    const bad = { ...ok, somethingElse: -1 };
    expect(refusal(() => makeBet(bad))).toBe(betRefusal(bad));
    const bet = makeBet(ok);
    expect(refusal(() => betProb(bet, 100))).toBe(
      'The token id 100 is not in the vocabulary of 100 tokens; give a whole number from 0 to 99.',
    );
    expect(refusal(() => betLoss(bet, -1))).toBe(
      'The true token -1 is not in the vocabulary of 100 tokens; give a whole number from 0 to 99.',
    );
  });
});

describe('allInCost', () => {
  it('is −ln((r / 100) / (V − 1)): 100 − r points on a wrong token, r on something else', () => {
    for (const r of [1, 2.5, 10, 50, 99]) {
      expectClose(allInCost(GPT2_V, r), -Math.log(r / 100 / (GPT2_V - 1)));
      expectClose(allInCost(GPT2_V, r, 'bits'), -Math.log2(r / 100 / (GPT2_V - 1)));
    }
    // r = 1, V = 50,257: ln(100 · 50,256) = ln 5,025,600 ≈ 15.43 nats.
    expectClose(allInCost(GPT2_V, 1), Math.log(5_025_600));
    expect(allInCost(GPT2_V, 1)).toBeCloseTo(15.43, 2);
  });

  it('refuses r ≥ 100 and, like any bet, r below 1 point', () => {
    expect(refusal(() => allInCost(GPT2_V, 100))).toBe(
      'An all-in bet leaves fewer than 100 points for “something else”, got 100; give it at least 1 point and fewer than 100.',
    );
    expect(refusal(() => allInCost(GPT2_V, 0.5))).toBe(
      '“Something else” has 0.5% of the points but needs at least 1% (1 point of 100), so that no token’s probability is 0; move some points to it.',
    );
  });
});

describe('gameTotals and scoreGame', () => {
  it('average the losses: ln 2, ln 4, ln 8 → mean 2 ln 2 nats = 2 bits, perplexity 4', () => {
    const totals = gameTotals([Math.LN2, Math.log(4), Math.log(8)]);
    expect(totals.count).toBe(3);
    expectClose(totals.loss, 2 * Math.LN2);
    expectClose(totals.bits, 2);
    expectClose(totals.perplexity, 4);
  });

  it('are NaN with no positions', () => {
    expect(gameTotals([])).toEqual({ count: 0, loss: NaN, bits: NaN, perplexity: NaN });
  });

  it('score the student’s −ln q(y) per position beside the model’s −ln p_y', () => {
    // Position 1: 50 points on the true token 3 → ln 2. Position 2: the true token 8 is off the
    // shortlist, 20 points of 100 shared by 8 tokens → q = 0.025, ln 40. Mean ln √80 = ½ ln 80.
    const bet = makeBet(TEN);
    const game = scoreGame(
      [
        { bet, target: 3 },
        { bet, target: 8 },
      ],
      [0.5, 1.5],
    );
    expectClose(game.studentLosses[0]!, Math.LN2);
    expectClose(game.studentLosses[1]!, Math.log(40));
    expectClose(game.student.loss, Math.log(80) / 2);
    expectClose(game.student.perplexity, Math.sqrt(80));
    expectClose(game.model.loss, 1);
    expectClose(game.model.perplexity, Math.E);
    expect(refusal(() => scoreGame([{ bet, target: 3 }], [1, 2]))).toBe(
      'The game has 1 bets but 2 model losses; give one model loss per position.',
    );
  });
});

describe('classroomBet', () => {
  it('normalises the votes: 12, 5 and 3 for something else of V = 50,257', () => {
    // N = 20 voters: q(A) = 12/20 = 0.6, q(B) = 5/20 = 0.25, and (3/20) / (50,257 − 2) = 0.15 / 50,255
    // for each other token. Losses by hand: −ln 0.6 ≈ 0.5108, −ln 0.25 = ln 4 ≈ 1.3863,
    // −ln(0.15 / 50,255) = ln(335,033.3…) ≈ 12.7220 nats.
    const A = 464; // two arbitrary token ids
    const B = 262;
    const bet = classroomBet({
      vocab: GPT2_V,
      votes: [
        { id: A, points: 12 },
        { id: B, points: 5 },
      ],
      somethingElse: 3,
    });
    expect(bet.voters).toBe(20);
    expect(bet.phantomVote).toBe(false);
    expect(bet.dropped).toEqual([]);
    expectClose(betProb(bet, A), 12 / 20);
    expectClose(betProb(bet, B), 5 / 20);
    expectClose(betProb(bet, 0), 3 / 20 / (GPT2_V - 2));
    expectClose(betLoss(bet, A), -Math.log(0.6));
    expectClose(betLoss(bet, B), Math.log(4));
    expectClose(betLoss(bet, 50_000), Math.log(50_255 / 0.15));
    expect(betLoss(bet, 50_000)).toBeCloseTo(12.722, 3);
    expectClose(total(bet), 1);
  });

  it('gives “something else” one phantom vote when nobody chose it', () => {
    // 12 + 8 votes and the phantom: N' = 21, q = 12/21, 8/21, (1/21) / (V − 2).
    const bet = classroomBet({
      vocab: GPT2_V,
      votes: [
        { id: 1, points: 12 },
        { id: 2, points: 8 },
      ],
      somethingElse: 0,
    });
    expect(bet.phantomVote).toBe(true);
    expect(bet.voters).toBe(20);
    expectClose(betProb(bet, 1), 12 / 21);
    expectClose(betProb(bet, 0), 1 / 21 / (GPT2_V - 2));
    expectClose(total(bet), 1);
  });

  it('moves a listed token nobody voted for to the rest, and bets uniformly with no votes at all', () => {
    // Token 4 has no votes: k = 1, q(9) = 10/20, and token 4 shares (10/20) / (V − 1) with the rest.
    const bet = classroomBet({
      vocab: 100,
      votes: [
        { id: 4, points: 0 },
        { id: 9, points: 10 },
      ],
      somethingElse: 10,
    });
    expect(bet.ids).toEqual([9]);
    expect(bet.dropped).toEqual([4]);
    expectClose(betProb(bet, 4), 0.5 / 99);
    const none = classroomBet({ vocab: 100, votes: [{ id: 4, points: 0 }], somethingElse: 0 });
    expect(none.phantomVote).toBe(true);
    expect(betDistribution(none).every((q) => q === 1 / 100)).toBe(true);
  });

  it('with all V tokens voted for needs no phantom, and refuses votes for something else', () => {
    const votes = [
      { id: 0, points: 3 },
      { id: 1, points: 1 },
    ];
    const bet = classroomBet({ vocab: 2, votes, somethingElse: 0 });
    expect(bet.phantomVote).toBe(false);
    expect(Array.from(betDistribution(bet))).toEqual([0.75, 0.25]);
    expect(classroomRefusal({ vocab: 2, votes, somethingElse: 1 })).toBe(
      'The shortlist holds all 2 tokens, so no token is left for “something else”; set its votes to 0.',
    );
  });

  it('refuses counts that are not whole numbers ≥ 0, and the same ids as a student’s bet', () => {
    for (const points of [-1, 2.5, NaN]) {
      expect(classroomRefusal({ vocab: 10, votes: [{ id: 3, points }], somethingElse: 1 })).toBe(
        `Token 3 has ${points} votes; give each token a whole number of votes, 0 or more.`,
      );
      expect(classroomRefusal({ vocab: 10, votes: [], somethingElse: points })).toBe(
        `“Something else” has ${points} votes; give it a whole number of votes, 0 or more.`,
      );
    }
    const twice = { vocab: 10, votes: [3, 3].map((id) => ({ id, points: 1 })), somethingElse: 1 };
    expect(refusal(() => classroomBet(twice))).toBe(
      'Token 3 is on the shortlist twice; list it once, with the points of both entries.',
    );
    expect(classroomRefusal({ vocab: 10, votes: [{ id: 10, points: 1 }], somethingElse: 1 })).toBe(
      'Token id 10 is not in the vocabulary of 10 tokens; pick a whole number from 0 to 9.',
    );
  });
});

/**
 * A valid student bet: V from 2 to 300 (small V so that k = V happens), up to 5 distinct ids
 * with points in [0.001, 1000], and "something else" at least 1 % of the total when k < V
 * (L / 99 + extra, L the listed points, plus 1 when nothing is listed), 0 when k = V.
 */
const betArb = fc
  .oneof(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 300 }))
  .chain((vocab) =>
    fc.record({
      vocab: fc.constant(vocab),
      ids: fc.uniqueArray(fc.nat(vocab - 1), { maxLength: Math.min(MAX_SHORTLIST, vocab) }),
      points: fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), {
        minLength: MAX_SHORTLIST,
        maxLength: MAX_SHORTLIST,
      }),
      extra: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e3, noNaN: true })),
      target: fc.nat(vocab - 1),
    }),
  )
  .map(({ vocab, ids, points, extra, target }): { input: BetInput; target: number } => {
    const shortlist = ids.map((id, i) => ({ id, points: points[i]! }));
    const listed = shortlist.reduce((s, p) => s + p.points, 0);
    const somethingElse = ids.length === vocab ? 0 : listed / 99 + extra + (ids.length === 0 ? 1 : 0);
    return { input: { vocab, shortlist, somethingElse }, target };
  });

describe('bet properties', () => {
  it('q sums to 1 over V within 1e-12, every q > 0, and q(id) is the materialised q[id]', () => {
    fc.assert(
      fc.property(betArb, ({ input }) => {
        expect(betRefusal(input)).toBeNull();
        const bet = makeBet(input);
        const q = betDistribution(bet);
        expect(q.length).toBe(input.vocab);
        expect(Math.abs(total(bet) - 1)).toBeLessThanOrEqual(1e-12);
        q.forEach((qj, j) => {
          expect(qj).toBeGreaterThan(0);
          expect(betProb(bet, j)).toBe(qj);
        });
      }),
      RUNS,
    );
  });

  it('the loss is −ln of the materialised q at the target, and in bits that over ln 2', () => {
    fc.assert(
      fc.property(betArb, ({ input, target }) => {
        const bet = makeBet(input);
        const q = betDistribution(bet);
        expect(betLoss(bet, target)).toBe(-Math.log(q[target]!));
        expectClose(betLoss(bet, target, 'bits'), -Math.log2(q[target]!));
        expect(Number.isFinite(betLoss(bet, target))).toBe(true);
      }),
      RUNS,
    );
  });

  it('a bet with 0 points on something else is refused whenever a token is left off the shortlist', () => {
    fc.assert(
      fc.property(betArb, ({ input }) => {
        const zero = { ...input, somethingElse: 0 };
        if (input.shortlist.length < input.vocab) expect(betRefusal(zero)).not.toBeNull();
        else expect(betRefusal(zero)).toBeNull();
      }),
      RUNS,
    );
  });

  it('a classroom’s votes also sum to 1 with every q > 0', () => {
    const votesArb = fc.integer({ min: 2, max: 200 }).chain((vocab) =>
      fc.record({
        vocab: fc.constant(vocab),
        votes: fc
          .uniqueArray(fc.nat(vocab - 1), { maxLength: Math.min(MAX_SHORTLIST, vocab) })
          .chain((ids) =>
            fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), points: fc.nat(40) }))),
          ),
        somethingElse: fc.nat(40),
      }),
    );
    fc.assert(
      fc.property(votesArb, (input) => {
        const reason = classroomRefusal(input);
        const listedAll = input.votes.filter((v) => v.points > 0).length === input.vocab;
        if (listedAll && input.somethingElse > 0) {
          expect(reason).not.toBeNull();
          return;
        }
        expect(reason).toBeNull();
        const q = betDistribution(classroomBet(input));
        expect(Math.abs(q.reduce((s, x) => s + x, 0) - 1)).toBeLessThanOrEqual(1e-12);
        expect(q.every((x) => x > 0)).toBe(true);
      }),
      RUNS,
    );
  });
});
