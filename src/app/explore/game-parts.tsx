/**
 * Parts both games of "You are the model" use: where the game is and the text read so far (never
 * the token to come), and the picker that turns a typed word or one of the model's hints into a
 * token id, with the source's own tokenizer and decode.
 */
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { ComputeSession } from '../compute/session';
import type { Backend, Shown, Units } from '../state';
import { tokenLabel } from '../stages/logits-row';
import { currentIntl } from '../i18n/current';
import { intlNumber } from '../i18n/numbers';
import { formatCount, formatProb } from '../view/format';
import { joinTokens, textName } from '../view/Texts';
import { saveBlob } from '../view/save-file';
import type { Decode } from '../view/tokens';
import { useModelTop } from './game-hints';
import { contextIds, typedToken, type GamePosition } from './game-model';
import { gameAt } from './game-state';

/** Messages more than one part of the game shows. */
export const gameMessages = defineMessages({
  you: {
    id: 'game.side.you',
    defaultMessage: 'You',
    description:
      'The student’s side in “You are the model”, beside “The model” (a heading of a list or a column).',
  },
  theModel: {
    id: 'game.side.model',
    defaultMessage: 'The model',
    description: 'The model’s side in “You are the model”, beside “You” (a heading of a list or a column).',
  },
  restart: {
    id: 'game.restart',
    defaultMessage: 'Start again',
    description: 'Button: clears the game’s rounds and starts from the first position.',
  },
});

/** A whole number as the page writes an index (text 3, token 1024): no thousands separator. */
export const plainInt = (n: number): string =>
  intlNumber(n, { useGrouping: false, maximumFractionDigits: 0 });

/** What every part of the game reads: the page's numbers, words and back ends. */
export interface GameEnv {
  shown: Shown;
  units: Units;
  decode: Decode | null;
  session: ComputeSession | null;
  backend: Backend | null;
  /** The source's tokenizer for typed words (GPT-2's), or null where there is none to use. */
  encode: ((text: string) => number[]) | null;
  /** Why words cannot be typed here (one sentence), or null when they can. */
  typeNote: string | null;
  /** V, the vocabulary size. */
  V: number;
  /** The scored positions, in reading order. */
  positions: GamePosition[];
}

/**
 * Moves the keyboard's focus to the element (or its first field or button) once it is drawn, when
 * `pendingRef` asks for it, and clears the request: after a bet the focus goes to "Next", after
 * "Next" to the new position's first field, so a game is played with Tab and Enter alone.
 */
export function useFocusWhen<T extends HTMLElement>(pendingRef: RefObject<boolean>): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!pendingRef.current) return;
    pendingRef.current = false;
    const el = ref.current;
    (el?.matches('input, button') ? el : el?.querySelector<HTMLElement>('input, button'))?.focus();
  }, [pendingRef]);
  return ref;
}

/** A box that takes the focus (its first field or button) once drawn, when asked. */
function Focused({
  pendingRef,
  className,
  children,
}: {
  pendingRef: RefObject<boolean>;
  className: string;
  children: ReactNode;
}) {
  const ref = useFocusWhen<HTMLDivElement>(pendingRef);
  return (
    <div className={className} ref={ref}>
      {children}
    </div>
  );
}

/** The form of the position being played, which takes the focus once drawn when asked. */
function PlayBox({
  pendingRef,
  play,
  position,
  answered,
}: {
  pendingRef: RefObject<boolean>;
  play: (position: GamePosition, answered: () => void) => ReactNode;
  position: GamePosition;
  answered: () => void;
}) {
  const ref = useFocusWhen<HTMLDivElement>(pendingRef);
  return (
    <div className="yam-bet" ref={ref}>
      {play(position, answered)}
    </div>
  );
}

interface FlowProps<R> {
  env: GameEnv;
  game: { rounds: readonly R[]; revealed: boolean };
  /** The form of the position being played; it calls `answered` just before the position ends. */
  play: (position: GamePosition, answered: () => void) => ReactNode;
  /** What the last round's answer says. */
  answer: (round: R) => ReactNode;
  onNext: () => void;
  /** The Next button's text after the last position. */
  lastNext: string;
  /** What is said once every position is played. */
  done: string;
  /** The tally, shown from the first round on. */
  children: ReactNode;
}

/**
 * The course of either game: the position and the text so far, then its form until it is played,
 * then its answer with "Next"; the tally below. The keyboard's focus follows: to "Next" when a
 * position is answered, to the new form's first field after "Next".
 */
export function GameFlow<R extends { position: GamePosition }>(props: FlowProps<R>) {
  const { env, game, play, answer, onNext, lastNext, done, children } = props;
  const { index, position, finished } = gameAt(game, env.positions);
  const last = game.rounds[game.rounds.length - 1];
  const toNext = useRef(false);
  const toForm = useRef(false);
  // Called from the form's handlers (never while drawing): "Next" takes the focus once drawn.
  const answered = useCallback(() => {
    toNext.current = true;
  }, []);
  return (
    <>
      {position && <GameText env={env} index={index} position={position} answer={game.revealed} />}
      {position && !game.revealed && (
        <PlayBox key={index} pendingRef={toForm} play={play} position={position} answered={answered} />
      )}
      {game.revealed && last && (
        <Focused className="yam-reveal" pendingRef={toNext}>
          <div data-testid="yam-reveal">{answer(last)}</div>
          <button
            type="button"
            className="yam-go"
            onClick={() => {
              toForm.current = true;
              onNext();
            }}
          >
            {index === env.positions.length - 1 ? (
              lastNext
            ) : (
              <FormattedMessage id="game.next" defaultMessage="Next position" />
            )}
          </button>
        </Focused>
      )}
      {finished && <p className="yam-done">{done}</p>}
      {game.rounds.length > 0 && children}
    </>
  );
}

/** "−ln" or "−log₂", and the unit's name (in the page's language). */
export function unitWords(units: Units): { log: string; name: string } {
  const intl = currentIntl();
  return units === 'bits'
    ? {
        log: '−log₂',
        name: intl.formatMessage({
          id: 'game.unit.bits',
          defaultMessage: 'bits',
          description: 'The unit of information (log base 2), after a number: “3.2 bits”.',
        }),
      }
    : {
        log: '−ln',
        name: intl.formatMessage({
          id: 'game.unit.nats',
          defaultMessage: 'nats',
          description: 'The unit of information (natural log), after a number: “2.2 nats”.',
        }),
      };
}

/** Text read by screen readers only, as a rich-text tag of a message. */
export const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

/** The position on screen and the text before it; after the answer, the true token after it, marked. */
export function GameText({
  env,
  index,
  position,
  answer,
}: {
  env: GameEnv;
  index: number;
  position: GamePosition;
  /** The true token, shown once the round is over. */
  answer: boolean;
}) {
  const intl = useIntl();
  const { shown, decode, positions } = env;
  const { batch, inputs, model } = shown.source;
  const { ids, unknownStart } = contextIds(
    inputs,
    batch.targets,
    batch.ignoreIndex,
    batch.shape,
    position.b,
    position.t,
    model?.startId ?? null,
  );
  const text = decode ? joinTokens(ids, decode) : ids.map((id) => `#${id}`).join(' ');
  const truth = decode ? decode(position.target) : ` #${position.target}`;
  const start = unknownStart ? (
    <span
      title={intl.formatMessage({
        id: 'game.text.unknown-start',
        defaultMessage: 'the text’s first token is not in the file',
      })}
    >
      {'… '}
    </span>
  ) : (
    ''
  );
  return (
    <div className="yam-where">
      <p className="yam-progress">
        <FormattedMessage
          id="game.progress"
          defaultMessage="Position {index} of {count}: text {text}, token {token}<hidden> of {textName}</hidden>"
          description="Where the game is. {textName} is a text’s name such as “the first text”, read by screen readers only."
          values={{
            index: formatCount(index + 1),
            count: formatCount(positions.length),
            text: plainInt(position.b + 1),
            token: plainInt(position.t + 1),
            textName: textName(position.b),
            hidden,
          }}
        />
      </p>
      <p className="yam-text">
        {answer ? (
          <FormattedMessage
            id="game.text.answered"
            defaultMessage="<hidden>The text so far: </hidden>{start}{text}<truth><hidden>, then the true next token: </hidden>{token}</truth>"
            description="The text read so far ({text}, token text), then the true next token, marked. The hidden parts are read by screen readers only."
            values={{
              start,
              text,
              token: truth,
              hidden,
              truth: (chunks: ReactNode[]) => <mark className="yam-truth">{chunks}</mark>,
            }}
          />
        ) : (
          <FormattedMessage
            id="game.text.blank"
            defaultMessage="<hidden>The text so far: </hidden>{start}{text}<blank>{mark}<hidden>, then the token to predict</hidden></blank>"
            description="The text read so far ({text}, token text), then a blank ({mark}, a “?”) for the token to predict. The hidden parts are read by screen readers only."
            values={{
              start,
              text,
              mark: <span aria-hidden="true">?</span>,
              hidden,
              blank: (chunks: ReactNode[]) => <span className="yam-blank">{chunks}</span>,
            }}
          />
        )}
      </p>
    </div>
  );
}

interface PickerProps {
  env: GameEnv;
  position: GamePosition;
  /** "add" (to the shortlist, the bet game) or "guess" (Shannon's game). */
  verb: 'add' | 'guess';
  /** Whether the hints are shown at this position, and the action that shows them. */
  hinted: boolean;
  onHint: () => void;
  /** Ids that cannot be picked again (listed or guessed). */
  taken: ReadonlySet<number>;
  /** Picks id; returns one sentence when it cannot be picked, else null. */
  onPick: (id: number) => string | null;
}

/**
 * A word typed (the first token of it, said so when the word is several tokens) or one of the
 * model's 10 most likely tokens here, picked with a button. Either way onPick gets a token id.
 */
export function TokenPicker({ env, position, verb, hinted, onHint, taken, onPick }: PickerProps) {
  const id = useId();
  const intl = useIntl();
  const { encode, typeNote, decode, shown, session, backend } = env;
  const [typed, setTyped] = useState('');
  const [space, setSpace] = useState(true);
  const [said, setSaid] = useState<string | null>(null);
  const top = useModelTop(shown.source.batch, position, hinted, session, backend);
  const label = (tokenId: number) => tokenLabel(tokenId, decode);
  const typedNow = encode && typed !== '' ? typedToken(encode, typed, space) : null;
  const guess = verb === 'guess';
  const cut =
    typedNow && typeof typedNow !== 'string' && typedNow.ids.length > 1
      ? guess
        ? intl.formatMessage(
            {
              id: 'game.picker.cut.guess',
              defaultMessage:
                '“{text}” is {count, plural, other {{countText} tokens}} here; the guess is on its first, “{token}”.',
              description:
                'A typed word ({text}) that the tokenizer cuts into several tokens; {token} is the first one’s text.',
            },
            {
              text: typedNow.text,
              count: typedNow.ids.length,
              countText: formatCount(typedNow.ids.length),
              token: label(typedNow.id),
            },
          )
        : intl.formatMessage(
            {
              id: 'game.picker.cut.bet',
              defaultMessage:
                '“{text}” is {count, plural, other {{countText} tokens}} here; the bet is on its first, “{token}”.',
              description:
                'A typed word ({text}) that the tokenizer cuts into several tokens; {token} is the first one’s text.',
            },
            {
              text: typedNow.text,
              count: typedNow.ids.length,
              countText: formatCount(typedNow.ids.length),
              token: label(typedNow.id),
            },
          )
      : null;
  const verbText = guess
    ? intl.formatMessage({
        id: 'game.picker.guess',
        defaultMessage: 'Guess',
        description: 'Button (verb): guesses the typed word’s token as the next token.',
      })
    : intl.formatMessage({
        id: 'game.picker.add',
        defaultMessage: 'Add',
        description: 'Button (verb): adds the typed word’s token to the bet’s shortlist.',
      });

  const pick = (tokenId: number, note: string | null) => {
    const refused = onPick(tokenId);
    setSaid(refused ?? note);
    return refused;
  };
  const onType = (event: FormEvent) => {
    event.preventDefault();
    if (!encode) return;
    const token = typedToken(encode, typed, space);
    if (typeof token === 'string') return setSaid(token);
    if (pick(token.id, cut) === null) setTyped('');
  };

  return (
    <div className="yam-picker">
      {encode ? (
        <form className="yam-type" onSubmit={onType}>
          <label htmlFor={`${id}-word`}>
            {guess ? (
              <FormattedMessage id="game.picker.type.guess" defaultMessage="Your guess: type a word" />
            ) : (
              <FormattedMessage id="game.picker.type.bet" defaultMessage="Type a word" />
            )}
          </label>
          <div className="yam-type-row">
            <input
              id={`${id}-word`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              aria-describedby={`${id}-cut`}
            />
            <label className="option">
              <input type="checkbox" checked={space} onChange={(e) => setSpace(e.currentTarget.checked)} />
              <span>
                <FormattedMessage
                  id="game.picker.space"
                  defaultMessage="a space before it"
                  description="Checkbox beside the typed word: the word is tokenized with a space before it."
                />
              </span>
            </label>
            <button type="submit">{verbText}</button>
          </div>
          <p id={`${id}-cut`} className="help">
            {cut ??
              (typedNow && typeof typedNow !== 'string' ? (
                <FormattedMessage
                  id="game.picker.one-token"
                  defaultMessage="“{token}” is one token here (id {id})."
                  description="The typed word is one token; {token} is its text, {id} its number in the vocabulary."
                  values={{ token: label(typedNow.id), id: String(typedNow.id) }}
                />
              ) : (
                <FormattedMessage
                  id="game.picker.space.help"
                  defaultMessage="A word after a space is its own token with that space, shown ␣."
                />
              ))}
          </p>
        </form>
      ) : (
        typeNote && <p className="help">{typeNote}</p>
      )}
      <p className="yam-said" role="status">
        {said}
      </p>
      <div className="yam-hints">
        {!hinted ? (
          <button type="button" onClick={onHint}>
            <FormattedMessage id="game.hints.show" defaultMessage="Show hints: the model’s top 10" />
          </button>
        ) : top === undefined ? (
          <p className="help">
            <FormattedMessage
              id="game.hints.finding"
              defaultMessage="Finding the model’s 10 most likely tokens here…"
            />
          </p>
        ) : top === null ? (
          <p className="help">
            <FormattedMessage
              id="game.hints.lost"
              defaultMessage="The model’s most likely tokens need its logits, which are on a GPU that no longer answers."
            />
          </p>
        ) : (
          <>
            <p className="yam-hints-title" id={`${id}-hints`}>
              <FormattedMessage
                id="game.hints.title"
                defaultMessage="The model’s {count, plural, other {{countText} most likely tokens}} here (its p):"
                description="Above the buttons of the model’s top tokens; p is the model’s probability."
                values={{ count: top.length, countText: formatCount(top.length) }}
              />
            </p>
            <ol className="yam-hint-list" aria-labelledby={`${id}-hints`}>
              {top.map((hint) => (
                <li key={hint.id}>
                  <button
                    type="button"
                    disabled={taken.has(hint.id)}
                    onClick={() => pick(hint.id, null)}
                    data-testid="yam-hint"
                  >
                    {guess ? (
                      <FormattedMessage
                        id="game.hints.guess"
                        defaultMessage="Guess {token} <pval>p = {prob}</pval>"
                        description="A hint’s button: guesses the token {token}; p is the model’s probability of it."
                        values={{
                          token: <span className="token">{label(hint.id)}</span>,
                          prob: formatProb(hint.prob),
                          pval: hintP,
                        }}
                      />
                    ) : (
                      <FormattedMessage
                        id="game.hints.add"
                        defaultMessage="Add {token} <pval>p = {prob}</pval>"
                        description="A hint’s button: adds the token {token} to the shortlist; p is the model’s probability of it."
                        values={{
                          token: <span className="token">{label(hint.id)}</span>,
                          prob: formatProb(hint.prob),
                          pval: hintP,
                        }}
                      />
                    )}
                  </button>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}

/** The model's p on a hint's button. */
const hintP = (chunks: ReactNode[]) => <span className="yam-hint-p">{chunks}</span>;

/** A finished game's buttons: its export as JSON and as CSV (`save`), and Start again. */
export function GameActions({
  save,
  onRestart,
}: {
  save: (as: 'json' | 'csv') => void;
  onRestart: () => void;
}) {
  return (
    <div className="yam-actions">
      <button type="button" onClick={() => save('json')}>
        <FormattedMessage id="game.export.json" defaultMessage="Export game (JSON)" />
      </button>
      <button type="button" onClick={() => save('csv')}>
        <FormattedMessage id="game.export.csv" defaultMessage="Export game (CSV)" />
      </button>
      <button type="button" onClick={onRestart}>
        <FormattedMessage {...gameMessages.restart} />
      </button>
    </div>
  );
}

/** Downloads a game's export: `name`.json (the object, indented) or `name`.csv (its rows). */
export function saveGameFile(name: string, as: 'json' | 'csv', exported: unknown, csv: () => string): void {
  const [text, type] =
    as === 'json' ? [JSON.stringify(exported, null, 2) + '\n', 'application/json'] : [csv(), 'text/csv'];
  saveBlob(new Blob([text], { type }), `${name}.${as}`);
}
