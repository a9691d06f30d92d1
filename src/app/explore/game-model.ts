/**
 * "You are the model", without React: the positions a game walks through, the text read so far,
 * the student's shortlist while it is edited (a draft), the rounds played, their scores against
 * the model, and the game's export (JSON and CSV).
 *
 * The bet itself, its refusals and its loss are the math module's (src/math/bet.ts): a round keeps
 * the Bet that makeBet or classroomBet made, and every student number comes from betProb,
 * betLoss and scoreGame. The model's side (p, −ln p, rank of the true token at each position) is
 * read from the engine's result (XentResult.tokens), never recomputed here.
 *
 * Positions: row r = b·T + t of the (B, T) batch, in reading order (text 1 left to right, then
 * text 2 …), padding (ignored targets) left out. The page counts b and t from 1; the export counts
 * them from 0, as the page's other exports (src/math/result.ts) and the code do.
 */
import {
  betProb,
  betRefusal,
  classroomBet,
  classroomRefusal,
  makeBet,
  MAX_SHORTLIST,
  scoreGame,
  type Bet,
  type BetPick,
  type XentResult,
} from '../../math';
import { currentIntl } from '../i18n/current';
import { formatCount } from '../view/format';
import type { Decode } from '../view/tokens';

/** One scored position of the texts: the row of the logits, its text and position, the true next token. */
export interface GamePosition {
  /** r = b·T + t, the index into result.tokens. */
  row: number;
  b: number;
  t: number;
  /** y_{b,t}, the token that really came next. */
  target: number;
}

/** Every scored position in reading order: text by text, left to right, padding skipped. */
export function gamePositions(result: XentResult): GamePosition[] {
  const T = result.shape[1];
  const positions: GamePosition[] = [];
  result.tokens.forEach((token, row) => {
    if (!token.ignored) positions.push({ row, b: Math.floor(row / T), t: row % T, target: token.target });
  });
  return positions;
}

/** The ids read before y_{b,t} is predicted, and whether the text's first token is unknown. */
export interface Context {
  ids: number[];
  /** No inputs: x_{b,0} is not known (only the targets y_{b,0..t−1} are), so the text begins with "…". */
  unknownStart: boolean;
}

/**
 * The text read so far at (b, t): the inputs x_{b,0..t} when the source has them (a pretrained
 * model's start token at t = 0 left out: it is not text), else the earlier targets y_{b,0..t−1},
 * which are x_{b,1..t}. Padding (ignore_index) is never shown.
 */
export function contextIds(
  inputs: Int32Array | null,
  targets: Int32Array,
  ignoreIndex: number,
  shape: readonly number[],
  b: number,
  t: number,
  startId: number | null,
): Context {
  const [B = 0, T = 0] = shape;
  const ids: number[] = [];
  if (inputs && inputs.length === B * T) {
    for (let s = 0; s <= t; s++) {
      const id = inputs[b * T + s]!;
      if (s === 0 && id === startId) continue;
      if (targets[b * T + s] !== ignoreIndex || s === t) ids.push(id);
    }
    return { ids, unknownStart: false };
  }
  for (let s = 0; s < t; s++) {
    const id = targets[b * T + s]!;
    if (id !== ignoreIndex) ids.push(id);
  }
  return { ids, unknownStart: true };
}

/** How the bet is given: a student's 100 points, or a classroom's votes. */
export type BetKind = 'points' | 'votes';

/** The points a student spreads. */
export const TOTAL_POINTS = 100;
/** Points a newly listed token takes from "something else" (while that keeps at least 1). */
export const NEW_PICK_POINTS = 10;

/** The shortlist while it is edited: ids with points (or votes), and "something else". */
export interface Draft {
  picks: BetPick[];
  somethingElse: number;
}

/** A fresh draft: all 100 points on "something else" (a uniform bet), or no votes yet. */
export function newDraft(kind: BetKind): Draft {
  return { picks: [], somethingElse: kind === 'points' ? TOTAL_POINTS : 0 };
}

/**
 * The draft with token `id` added, or one sentence why not (already listed, or the list is full).
 * With points, the new token takes NEW_PICK_POINTS from "something else" if it keeps 1 or more
 * (else what is there above 1), so the total stays the same; with votes it starts at 0.
 */
export function addPick(draft: Draft, id: number, kind: BetKind, label: string): Draft | string {
  if (draft.picks.some((p) => p.id === id)) {
    return currentIntl().formatMessage(
      {
        id: 'game.pick.twice',
        defaultMessage: '{token} is already on the shortlist.',
        description: '{token} is a token’s text.',
      },
      { token: label },
    );
  }
  if (draft.picks.length >= MAX_SHORTLIST) {
    return currentIntl().formatMessage(
      {
        id: 'game.pick.full',
        defaultMessage:
          '{count, plural, other {The shortlist already has {countText} tokens; take one off to add {token}.}}',
        description: '{token} is a token’s text.',
      },
      { count: MAX_SHORTLIST, countText: formatCount(MAX_SHORTLIST), token: label },
    );
  }
  const taken = kind === 'points' ? Math.max(0, Math.min(NEW_PICK_POINTS, draft.somethingElse - 1)) : 0;
  return {
    picks: [...draft.picks, { id, points: taken }],
    somethingElse: draft.somethingElse - taken,
  };
}

/**
 * The draft with pick i set to `value`. With points, "something else" gives or takes the
 * difference, down to 0 (beyond that the total grows and the bet's q are shares of the new total).
 */
export function setPick(draft: Draft, i: number, value: number, kind: BetKind): Draft {
  const old = draft.picks[i];
  if (!old) return draft;
  const picks = draft.picks.map((p, j) => (j === i ? { ...p, points: value } : p));
  const delta = Number.isFinite(value) && Number.isFinite(old.points) ? value - old.points : 0;
  const somethingElse =
    kind === 'points' && Number.isFinite(draft.somethingElse)
      ? Math.max(0, draft.somethingElse - delta)
      : draft.somethingElse;
  return { picks, somethingElse };
}

/** The draft without pick i; with points, its points go back to "something else". */
export function removePick(draft: Draft, i: number, kind: BetKind): Draft {
  const old = draft.picks[i];
  if (!old) return draft;
  const back = kind === 'points' && Number.isFinite(old.points) && old.points > 0 ? old.points : 0;
  return { picks: draft.picks.filter((_, j) => j !== i), somethingElse: draft.somethingElse + back };
}

/** The sum of the draft's points (or votes). */
export function draftTotal(draft: Draft): number {
  return draft.picks.reduce((s, p) => s + p.points, draft.somethingElse);
}

/** The one sentence that refuses the draft as a bet (bet.ts's rules), or null. */
export function draftRefusal(draft: Draft, kind: BetKind, vocab: number): string | null {
  return kind === 'points'
    ? betRefusal({ vocab, shortlist: draft.picks, somethingElse: draft.somethingElse })
    : classroomRefusal({ vocab, votes: draft.picks, somethingElse: draft.somethingElse });
}

/**
 * The draft as a bet: makeBet for points, classroomBet for votes (a ClassroomBet, with its
 * repairs). Throws when refused.
 */
export function draftBet(draft: Draft, kind: BetKind, vocab: number): Bet {
  return kind === 'points'
    ? makeBet({ vocab, shortlist: draft.picks, somethingElse: draft.somethingElse })
    : classroomBet({ vocab, votes: draft.picks, somethingElse: draft.somethingElse });
}

/**
 * A refusal of bet.ts, which names tokens by id ("Token 3626 has 0 points; …"), with the tokens
 * named as the page shows them ("Token ␣effort has 0 points; …").
 */
export function nameTokens(sentence: string, label: (id: number) => string): string {
  return sentence.replace(
    /\b(Token|token) (\d+)\b/g,
    (_, word: string, id: string) => `${word} ${label(Number(id))}`,
  );
}

/**
 * bet.ts's refusals (src/math, shared with the command-line tool, so in English) as the page's
 * messages: each sentence the game's form can meet, recognised by its shape, with the tokens
 * named as the page shows them and the numbers as bet.ts wrote them (the reader's own input). A
 * sentence not recognised stays bet.ts's English, its tokens named (nameTokens).
 */
const REFUSALS: readonly { shape: RegExp; say: (m: string[], label: (id: number) => string) => string }[] = [
  {
    shape:
      /^Token (\d+) has (\S+) points; give every token on the shortlist a finite number of points above 0, or take it off the shortlist\.$/,
    say: ([, id, points], label) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.token-points',
          defaultMessage:
            'Token {token} has {points} points; give every token on the shortlist a finite number of points above 0, or take it off the shortlist.',
          description:
            '{token} is a token’s text; {points} the number typed for it (possibly NaN or negative).',
        },
        { token: label(Number(id)), points: points! },
      ),
  },
  {
    shape: /^“Something else” has (\S+) points; give it a finite number of points, 0 or more\.$/,
    say: ([, points]) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.else-points',
          defaultMessage:
            '“Something else” has {points} points; give it a finite number of points, 0 or more.',
          description: '{points} is the number typed for “Something else” (possibly NaN or negative).',
        },
        { points: points! },
      ),
  },
  {
    shape: /^The bet has no points at all; spread 100 points over the shortlist and “something else”\.$/,
    say: () =>
      currentIntl().formatMessage({
        id: 'game.refusal.no-points',
        defaultMessage:
          'The bet has no points at all; spread 100 points over the shortlist and “something else”.',
      }),
  },
  {
    shape:
      /^The points add up to more than a float64 can hold; use smaller numbers, such as a total of 100\.$/,
    say: () =>
      currentIntl().formatMessage({
        id: 'game.refusal.overflow',
        defaultMessage:
          'The points add up to more than a float64 can hold; use smaller numbers, such as a total of 100.',
        description: 'float64: a 64-bit floating-point number (the largest is about 1.8 × 10³⁰⁸).',
      }),
  },
  {
    shape:
      /^Token (\d+) gets too small a share of the points to have a probability above 0; give it more points or take it off the shortlist\.$/,
    say: ([, id], label) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.underflow',
          defaultMessage:
            'Token {token} gets too small a share of the points to have a probability above 0; give it more points or take it off the shortlist.',
          description: '{token} is a token’s text.',
        },
        { token: label(Number(id)) },
      ),
  },
  {
    shape:
      /^The shortlist holds all (\d+) tokens, so no token is left for “something else”; set its points to 0\.$/,
    say: ([, vocab]) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.all-listed.points',
          defaultMessage:
            'The shortlist holds all {vocab} tokens, so no token is left for “something else”; set its points to 0.',
        },
        { vocab: vocab! },
      ),
  },
  {
    shape:
      /^“Something else” has (\S+)% of the points but needs at least 1% \(1 point of 100\), so that no token’s probability is 0; move some points to it\.$/,
    say: ([, percent]) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.else-share',
          defaultMessage:
            '“Something else” has {percent}% of the points but needs at least 1% (1 point of 100), so that no token’s probability is 0; move some points to it.',
          description: '{percent} is a percentage such as 0.5.',
        },
        { percent: percent! },
      ),
  },
  {
    shape: /^Token (\d+) has (\S+) votes; give each token a whole number of votes, 0 or more\.$/,
    say: ([, id, votes], label) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.token-votes',
          defaultMessage:
            'Token {token} has {votes} votes; give each token a whole number of votes, 0 or more.',
          description:
            '{token} is a token’s text; {votes} the number typed for it (possibly NaN, negative or a fraction).',
        },
        { token: label(Number(id)), votes: votes! },
      ),
  },
  {
    shape: /^“Something else” has (\S+) votes; give it a whole number of votes, 0 or more\.$/,
    say: ([, votes]) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.else-votes',
          defaultMessage: '“Something else” has {votes} votes; give it a whole number of votes, 0 or more.',
          description:
            '{votes} is the number typed for “Something else” (possibly NaN, negative or a fraction).',
        },
        { votes: votes! },
      ),
  },
  {
    shape: /^The votes add up to (\S+), more than can be counted exactly; give fewer votes\.$/,
    say: ([, voters]) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.votes-overflow',
          defaultMessage: 'The votes add up to {voters}, more than can be counted exactly; give fewer votes.',
        },
        { voters: voters! },
      ),
  },
  {
    shape:
      /^The shortlist holds all (\d+) tokens, so no token is left for “something else”; set its votes to 0\.$/,
    say: ([, vocab]) =>
      currentIntl().formatMessage(
        {
          id: 'game.refusal.all-listed.votes',
          defaultMessage:
            'The shortlist holds all {vocab} tokens, so no token is left for “something else”; set its votes to 0.',
        },
        { vocab: vocab! },
      ),
  },
];

/** A refusal of bet.ts in the page's language, with the tokens named as the page shows them. */
export function refusalText(sentence: string, label: (id: number) => string): string {
  for (const { shape, say } of REFUSALS) {
    const m = shape.exec(sentence);
    if (m) return say([...m], label);
  }
  return nameTokens(sentence, label);
}

/** One position played: where, how the bet was given, what was entered, and the bet as q. */
export interface BetRound {
  position: GamePosition;
  kind: BetKind;
  /** The shortlist and "something else" as entered (points or votes). */
  picks: readonly BetPick[];
  somethingElse: number;
  /** Whether the model's top 10 were shown before the bet. */
  hinted: boolean;
  bet: Bet;
}

/** The model's side at a position, from the engine's result: p, −ln p (nats) and the rank of V. */
export function modelAt(result: XentResult, position: GamePosition) {
  const token = result.tokens[position.row];
  return { prob: token?.prob ?? NaN, loss: token?.loss ?? NaN, rank: token?.rank ?? NaN };
}

/** The rounds scored (bet.ts scoreGame): the student's −ln q per round and both sides' totals. */
export function scoreRounds(rounds: readonly BetRound[], result: XentResult) {
  return scoreGame(
    rounds.map((r) => ({ bet: r.bet, target: r.position.target })),
    rounds.map((r) => modelAt(result, r.position).loss),
  );
}

/** A number for JSON: NaN and ±Infinity become null, as in the page's results export. */
const jsonNumber = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** One row of the export: a played position, its bet, and both sides' numbers (losses in nats). */
export interface ExportToken {
  /** Text and position, counted from 0 (the page shows them from 1). */
  batch: number;
  position: number;
  target: number;
  /** The target's text, when the source's vocabulary is known. */
  token: string | null;
  studentProb: number | null;
  studentLoss: number | null;
  modelProb: number | null;
  modelLoss: number | null;
  modelRank: number | null;
  bet: {
    kind: BetKind;
    shortlist: { id: number; token: string | null; points: number }[];
    somethingElse: number;
    hinted: boolean;
  };
}

export interface GameExport {
  /** Mean loss (nats) and perplexity e^loss over the positions played; null before any. */
  student: { loss: number | null; perplexity: number | null };
  model: { loss: number | null; perplexity: number | null };
  tokens: ExportToken[];
}

/** A game as the JSON export: totals from scoreGame, a row per round. */
export function gameExport(
  rounds: readonly BetRound[],
  result: XentResult,
  decode: Decode | null,
): GameExport {
  const scored = scoreRounds(rounds, result);
  const text = (id: number) => (decode ? decode(id) : null);
  return {
    student: { loss: jsonNumber(scored.student.loss), perplexity: jsonNumber(scored.student.perplexity) },
    model: { loss: jsonNumber(scored.model.loss), perplexity: jsonNumber(scored.model.perplexity) },
    tokens: rounds.map((r, i) => {
      const model = modelAt(result, r.position);
      return {
        batch: r.position.b,
        position: r.position.t,
        target: r.position.target,
        token: text(r.position.target),
        studentProb: jsonNumber(betProb(r.bet, r.position.target)),
        studentLoss: jsonNumber(scored.studentLosses[i]!),
        modelProb: jsonNumber(model.prob),
        modelLoss: jsonNumber(model.loss),
        modelRank: jsonNumber(model.rank),
        bet: {
          kind: r.kind,
          shortlist: r.picks.map((p) => ({ id: p.id, token: text(p.id), points: p.points })),
          somethingElse: r.somethingElse,
          hinted: r.hinted,
        },
      };
    }),
  };
}

/** The CSV's columns: one row per round, as the JSON's tokens (the bet as "id:points" pairs). */
export const GAME_CSV_COLUMNS = [
  'batch',
  'position',
  'target',
  'token',
  'studentProb',
  'studentLoss',
  'modelProb',
  'modelLoss',
  'modelRank',
  'betKind',
  'bet',
  'somethingElse',
  'hinted',
] as const;

/** A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break; null is empty. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The game as CSV ("\r\n" line ends): a header, then one row per round. */
export function gameCsv(exported: GameExport): string {
  const rows = exported.tokens.map((t) =>
    [
      t.batch,
      t.position,
      t.target,
      t.token,
      t.studentProb,
      t.studentLoss,
      t.modelProb,
      t.modelLoss,
      t.modelRank,
      t.bet.kind,
      t.bet.shortlist.map((p) => `${p.id}:${p.points}`).join(' '),
      t.bet.somethingElse,
      t.bet.hinted,
    ]
      .map(csvCell)
      .join(','),
  );
  return [GAME_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** A typed word as a token: the first of its tokens, and all of them (to say when it was cut). */
export interface TypedToken {
  id: number;
  ids: number[];
  /** The text that was tokenized (with the space put before it, if asked). */
  text: string;
}

/**
 * A typed word as the source's tokenizer cuts it; `spaceBefore` puts one space before a word
 * that does not begin with white space (a word that follows a space in running text is its own
 * token with that space: " effort", not "effort"). One sentence when nothing was typed.
 */
export function typedToken(
  encode: (text: string) => number[],
  typed: string,
  spaceBefore: boolean,
): TypedToken | string {
  if (typed === '') {
    return currentIntl().formatMessage({
      id: 'game.typed.empty',
      defaultMessage: 'Type a word first, then add it.',
    });
  }
  const text = spaceBefore && !/^\s/.test(typed) ? ` ${typed}` : typed;
  const ids = encode(text);
  const id = ids[0];
  if (id === undefined) {
    return currentIntl().formatMessage(
      {
        id: 'game.typed.none',
        defaultMessage: '“{word}” gives no token; type another word.',
        description: '{word} is the word the student typed.',
      },
      { word: typed },
    );
  }
  return { id, ids, text };
}
