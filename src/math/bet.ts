/**
 * "You are the model": a student's bet on the next token, read as a probability distribution q
 * over all V tokens, and its cross-entropy loss on the true token y.
 *
 * The student spreads points (100 on the page; any non-negative total is normalised by its sum)
 * over a shortlist of k ≤ 5 distinct token ids and over "something else", whose points are shared
 * equally by the V − k ids not on the shortlist. With total = Σ_j points_j + points_else:
 *   q(j) = points_j / total                              for a shortlisted id j,
 *   q(j) = (points_else / total) / (V − k)               for each of the V − k other ids,
 * so Σ_j q(j) = Σ points_j / total + (V − k) · (points_else / total) / (V − k) = 1.
 * The loss is ℓ = −ln q(y) nats (÷ ln 2 for bits), the same −log of the probability given to the
 * true token that the model pays; over a game of N positions the loss is the mean ℓ and the
 * perplexity e^(mean ℓ), set beside the model's own mean −ln p_y over the same positions.
 *
 * Never q = 0 (an unlisted true token would cost ℓ = ∞), by these rules:
 * - a student's bet is refused unless "something else" gets at least MIN_ELSE_SHARE = 1 % of the
 *   total (1 point of 100: the smallest step of the page's points), whenever k < V; this caps
 *   the loss on any unlisted token at ln(100 · (V − k)) nats, ≈ 15.4 nats for GPT-2's
 *   V = 50,257, which is the lesson: hedging costs a little on every token, not hedging can
 *   cost a lot on one;
 * - every shortlisted token needs more than 0 points (a listed token with 0 points is refused:
 *   take it off the shortlist instead, and it shares "something else" with the rest);
 * - k = V (a vocabulary of at most 5 tokens, all listed) leaves no rest: "something else" must
 *   then get 0 points and every q comes from the shortlist;
 * - a classroom's votes (classroomBet) cannot be refused after the vote, so there the rules are
 *   repairs instead: a listed token nobody voted for joins the rest, and if nobody voted
 *   "something else" it gets one phantom vote (flagged in the result). A class's "something
 *   else" may so hold less than 1 % (1 vote among 300 voters), but never 0.
 * Every refusal is one sentence (XentInputError) that says what is wrong and how to fix it;
 * betRefusal and classroomRefusal return that sentence without throwing, for a form to show.
 *
 * Shapes: the bet is kept compact, k shortlisted probabilities plus one probability per other
 * token, O(k) whatever V; betDistribution materialises the V floats (float64) when asked.
 */
import { XentInputError } from '../errors';
import { perplexity } from './6-perplexity';
import { inUnit, type InfoUnit } from './units';

/** At most this many tokens on a shortlist. */
export const MAX_SHORTLIST = 5;

/** The least share of the total a student's "something else" needs (1 point of 100), when k < V. */
export const MIN_ELSE_SHARE = 0.01;

/**
 * Slack for MIN_ELSE_SHARE: shares are compared after a division, so 0.29 points of 29 (which
 * divides to 0.009999999999999998) still counts as 1 %.
 */
const SHARE_SLACK = 1e-12;

/** One token on the shortlist and the points (or, in a classroom, the votes) it gets. */
export interface BetPick {
  id: number;
  points: number;
}

/** What a student enters: the vocabulary size V, the shortlist, and the points on "something else". */
export interface BetInput {
  vocab: number;
  shortlist: readonly BetPick[];
  somethingElse: number;
}

/** A bet as a distribution q over V tokens, in compact form. */
export interface Bet {
  /** V, the vocabulary size. */
  readonly vocab: number;
  /** The k shortlisted token ids, in the order given. */
  readonly ids: readonly number[];
  /** q(ids[i]) = points_i / total, each > 0. */
  readonly probs: readonly number[];
  /** points_else / total: the probability that the next token is not on the shortlist. */
  readonly elseShare: number;
  /** V − k, the tokens that share "something else". */
  readonly rest: number;
  /** q of each of the `rest` unlisted tokens: elseShare / (V − k); 0 when k = V. */
  readonly elseEach: number;
}

/** q in compact form from validated weights (points or votes) that have a positive total. */
function distribution(
  vocab: number,
  ids: readonly number[],
  weights: readonly number[],
  elseWeight: number,
): Bet {
  const total = totalOf(weights, elseWeight);
  const rest = vocab - ids.length;
  const elseShare = elseWeight / total;
  return {
    vocab,
    ids: [...ids],
    probs: weights.map((w) => w / total),
    elseShare,
    rest,
    elseEach: rest > 0 ? elseShare / rest : 0,
  };
}

/** The total the shares are taken of: the weight on "something else" plus the shortlist's, in that order. */
function totalOf(weights: readonly number[], elseWeight: number): number {
  let total = elseWeight;
  for (const w of weights) total += w;
  return total;
}

/** A percentage to three significant digits, for the refusals: 0.5, 0.333, 12.5. */
function percent(share: number): string {
  return String(Number((share * 100).toPrecision(3)));
}

/** The sentence that refuses a vocabulary size, or null. */
function vocabRefusal(vocab: number): string | null {
  return Number.isSafeInteger(vocab) && vocab >= 2
    ? null
    : `The vocabulary size is ${vocab} but must be a whole number of at least 2 tokens; give the model’s vocabulary size.`;
}

/** The sentence that refuses a shortlist's ids (too many, outside [0, V), twice), or null. */
function shortlistRefusal(vocab: number, ids: readonly number[]): string | null {
  if (ids.length > MAX_SHORTLIST) {
    const extra = ids.length - MAX_SHORTLIST;
    return `The shortlist has ${ids.length} tokens but at most ${MAX_SHORTLIST} are allowed; take ${extra} off it and leave ${extra === 1 ? 'it' : 'them'} to “something else”.`;
  }
  const seen = new Set<number>();
  for (const id of ids) {
    if (!(Number.isInteger(id) && id >= 0 && id < vocab)) {
      return `Token id ${id} is not in the vocabulary of ${vocab} tokens; pick a whole number from 0 to ${vocab - 1}.`;
    }
    if (seen.has(id)) {
      return `Token ${id} is on the shortlist twice; list it once, with the points of both entries.`;
    }
    seen.add(id);
  }
  return null;
}

/** A bet, or the one sentence that refuses it. */
function checkBet({ vocab, shortlist, somethingElse }: BetInput): Bet | string {
  const ids = shortlist.map((pick) => pick.id);
  const refusal = vocabRefusal(vocab) ?? shortlistRefusal(vocab, ids);
  if (refusal) return refusal;
  for (const { id, points } of shortlist) {
    if (!(Number.isFinite(points) && points > 0)) {
      return `Token ${id} has ${points} points; give every token on the shortlist a finite number of points above 0, or take it off the shortlist.`;
    }
  }
  if (!(Number.isFinite(somethingElse) && somethingElse >= 0)) {
    return `“Something else” has ${somethingElse} points; give it a finite number of points, 0 or more.`;
  }
  const points = shortlist.map((pick) => pick.points);
  const total = totalOf(points, somethingElse);
  if (total === 0) {
    return 'The bet has no points at all; spread 100 points over the shortlist and “something else”.';
  }
  if (total === Infinity) {
    return 'The points add up to more than a float64 can hold; use smaller numbers, such as a total of 100.';
  }
  const bet = distribution(vocab, ids, points, somethingElse);
  const underflow = bet.probs.findIndex((p) => p === 0);
  if (underflow >= 0) {
    return `Token ${ids[underflow]} gets too small a share of the points to have a probability above 0; give it more points or take it off the shortlist.`;
  }
  if (bet.rest === 0) {
    return somethingElse === 0
      ? bet
      : `The shortlist holds all ${vocab} tokens, so no token is left for “something else”; set its points to 0.`;
  }
  if (!(bet.elseShare >= MIN_ELSE_SHARE * (1 - SHARE_SLACK))) {
    return `“Something else” has ${percent(bet.elseShare)}% of the points but needs at least 1% (1 point of 100), so that no token’s probability is 0; move some points to it.`;
  }
  return bet;
}

/** The refusal's sentence of a check's result, or null when it passed. */
function sentenceOf<T extends object>(checked: T | string): string | null {
  return typeof checked === 'string' ? checked : null;
}

/** A check's result, or XentInputError with its refusal's sentence. */
function orRefuse<T extends object>(checked: T | string): T {
  if (typeof checked === 'string') throw new XentInputError(checked);
  return checked;
}

/** The one sentence that refuses a student's bet, or null when the bet is valid. */
export function betRefusal(input: BetInput): string | null {
  return sentenceOf(checkBet(input));
}

/**
 * A student's bet as the distribution q in compact form. Throws XentInputError with the sentence
 * of betRefusal when the bet breaks a rule of the header comment.
 */
export function makeBet(input: BetInput): Bet {
  return orRefuse(checkBet(input));
}

function checkToken(bet: Bet, id: number, what: string): void {
  if (!(Number.isInteger(id) && id >= 0 && id < bet.vocab)) {
    throw new XentInputError(
      `The ${what} ${id} is not in the vocabulary of ${bet.vocab} tokens; give a whole number from 0 to ${bet.vocab - 1}.`,
    );
  }
}

/** q(id): the probability the bet gives token `id`, in (0, 1]. O(k). */
export function betProb(bet: Bet, id: number): number {
  checkToken(bet, id, 'token id');
  const i = bet.ids.indexOf(id);
  return i >= 0 ? bet.probs[i]! : bet.elseEach;
}

/** q as V float64 probabilities (index = token id): elseEach everywhere, the shortlist's own q. */
export function betDistribution(bet: Bet): Float64Array {
  const q = new Float64Array(bet.vocab).fill(bet.elseEach);
  bet.ids.forEach((id, i) => {
    q[id] = bet.probs[i]!;
  });
  return q;
}

/** The bet's loss on the true token y: ℓ = −ln q(y) nats, or −log₂ q(y) in bits. */
export function betLoss(bet: Bet, target: number, unit: InfoUnit = 'nats'): number {
  checkToken(bet, target, 'true token');
  return inUnit(-Math.log(betProb(bet, target)), unit);
}

/**
 * The all-in cost: the student puts 100 − r points on one token that turns out wrong and r on
 * "something else" (so the true token is one of the V − 1 others), and pays
 *   ℓ = −ln((r / 100) / (V − 1)) nats,
 * e.g. ≈ 15.4 nats for r = 1 and V = 50,257. Computed through the bet itself (token 0 all-in,
 * true token 1), so it is the loss the game would show. r must be at least 1 (MIN_ELSE_SHARE)
 * and below 100 (the all-in token needs some points).
 */
export function allInCost(vocab: number, elsePoints: number, unit: InfoUnit = 'nats'): number {
  if (!(elsePoints < 100)) {
    return refuse(
      `An all-in bet leaves fewer than 100 points for “something else”, got ${elsePoints}; give it at least 1 point and fewer than 100.`,
    );
  }
  const bet = makeBet({ vocab, shortlist: [{ id: 0, points: 100 - elsePoints }], somethingElse: elsePoints });
  return betLoss(bet, 1, unit);
}

function refuse(sentence: string): never {
  throw new XentInputError(sentence);
}

/** Totals of a game over its positions: mean loss ℓ̄ (nats and bits) and perplexity e^ℓ̄. */
export interface GameTotals {
  /** Positions counted. */
  count: number;
  /** Mean loss, nats; NaN with no positions. */
  loss: number;
  /** The same mean in bits. */
  bits: number;
  /** e^loss; NaN with no positions. */
  perplexity: number;
}

/** The totals of per-position losses ℓ_i (nats): mean ℓ̄ = (1/N) Σ ℓ_i and perplexity e^ℓ̄. */
export function gameTotals(losses: ArrayLike<number>): GameTotals {
  let sum = 0;
  for (let i = 0; i < losses.length; i++) sum += losses[i]!;
  const loss = losses.length === 0 ? NaN : sum / losses.length;
  return { count: losses.length, loss, bits: inUnit(loss, 'bits'), perplexity: perplexity(loss) };
}

/** One position of a game: the student's bet and the true next token. */
export interface GameRound {
  bet: Bet;
  target: number;
}

/**
 * A game scored against the model: the student's loss −ln q(y) at each position and both sides'
 * totals. `modelLosses` are the model's −ln p_y (nats) at the same positions, from the engine.
 */
export function scoreGame(
  rounds: readonly GameRound[],
  modelLosses: ArrayLike<number>,
): { studentLosses: Float64Array; student: GameTotals; model: GameTotals } {
  if (modelLosses.length !== rounds.length) {
    refuse(
      `The game has ${rounds.length} bets but ${modelLosses.length} model losses; give one model loss per position.`,
    );
  }
  const studentLosses = Float64Array.from(rounds, ({ bet, target }) => betLoss(bet, target));
  return { studentLosses, student: gameTotals(studentLosses), model: gameTotals(modelLosses) };
}

/** What a classroom enters: the vocabulary size V, the votes per shortlisted id, the votes for "something else". */
export interface ClassroomInput {
  vocab: number;
  /** Up to 5 distinct ids, each with its vote count (`points` holds the count). */
  votes: readonly BetPick[];
  somethingElse: number;
}

/** A classroom's bet: the distribution of its votes and the repairs made to keep every q > 0. */
export interface ClassroomBet extends Bet {
  /** Voters counted, Σ counts (the phantom vote not included). */
  voters: number;
  /** Listed ids nobody voted for: they joined the rest and share "something else". */
  dropped: readonly number[];
  /** True when nobody voted "something else" and it got one phantom vote. */
  phantomVote: boolean;
}

function checkClassroom({ vocab, votes, somethingElse }: ClassroomInput): ClassroomBet | string {
  const refusal =
    vocabRefusal(vocab) ??
    shortlistRefusal(
      vocab,
      votes.map((v) => v.id),
    );
  if (refusal) return refusal;
  for (const { id, points } of votes) {
    if (!(Number.isSafeInteger(points) && points >= 0)) {
      return `Token ${id} has ${points} votes; give each token a whole number of votes, 0 or more.`;
    }
  }
  if (!(Number.isSafeInteger(somethingElse) && somethingElse >= 0)) {
    return `“Something else” has ${somethingElse} votes; give it a whole number of votes, 0 or more.`;
  }
  const kept = votes.filter((v) => v.points > 0);
  const dropped = votes.filter((v) => v.points === 0).map((v) => v.id);
  const voters = totalOf(
    kept.map((v) => v.points),
    somethingElse,
  );
  if (!Number.isSafeInteger(voters)) {
    return `The votes add up to ${voters}, more than can be counted exactly; give fewer votes.`;
  }
  const rest = vocab - kept.length;
  if (rest === 0 && somethingElse > 0) {
    return `The shortlist holds all ${vocab} tokens, so no token is left for “something else”; set its votes to 0.`;
  }
  const phantomVote = rest > 0 && somethingElse === 0;
  const bet = distribution(
    vocab,
    kept.map((v) => v.id),
    kept.map((v) => v.points),
    phantomVote ? 1 : somethingElse,
  );
  return { ...bet, voters, dropped, phantomVote };
}

/** The one sentence that refuses a classroom's votes, or null when they are valid. */
export function classroomRefusal(input: ClassroomInput): string | null {
  return sentenceOf(checkClassroom(input));
}

/**
 * A classroom's votes as one bet: q(j) = votes_j / N for a listed id, (votes_else / N) / (V − k)
 * for every other id, N the votes in all. Zero votes are repaired, not refused (header comment):
 * a listed id with 0 votes joins the rest; 0 votes for "something else" with k < V count as 1.
 * With no votes at all the class bets uniformly, q = 1 / V. Throws XentInputError (the sentence
 * of classroomRefusal) for ids or counts that are not valid.
 */
export function classroomBet(input: ClassroomInput): ClassroomBet {
  return orRefuse(checkClassroom(input));
}
