/**
 * The page's header: the title, the introduction, where the logits come from and the page's
 * settings (theme, Predict-then-reveal, Share / Embed, the lecture keys). On a phone and in the
 * projector theme all but the title fold behind one "Source and settings" button, so that the
 * first screen has room for the stage rail, the stage and the loss. The fold is a disclosure: a
 * button with aria-expanded that opens from the keyboard, and the folded controls keep their order.
 */
import { memo, useCallback, useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { LanguagePicker } from '../i18n/LanguagePicker';
import type { Locale } from '../i18n/locales';
import type { Pretrained } from '../compute/use-pretrained';
import type { ModelOnChoice } from './ModelPicker';
import type { Hideable } from '../deep-link';
import type { AppAction, AppState, Theme } from '../state';
import { useNarrowScreen } from './hooks';
import { SourcePicker } from './SourcePicker';

interface MastheadProps {
  state: AppState;
  dispatch: (action: AppAction) => void;
  /** The loaded file's name, when one is on screen. */
  fileLabel: string | null;
  /** The trained model's label, once the training panel has sent one to the stages. */
  trainedLabel: string | null;
  onShare: () => void;
  /** Parts an embedding page hides (deep-link.ts); the fold's button names only what it holds. */
  hide: readonly Hideable[];
  pretrained: Pretrained;
  modelOn: ModelOnChoice;
}

/**
 * The page's settings, apart from the source picker, so that a move of a slider does not render
 * them again (React sets an input's type on every render, and the browser restyles it).
 */
const PageTools = memo(function PageTools({
  theme,
  predict,
  dispatch,
  onShare,
  onOpen,
}: {
  theme: Theme;
  predict: boolean;
  dispatch: (action: AppAction) => void;
  onShare: () => void;
  onOpen: (open: boolean) => void;
}) {
  const intl = useIntl();
  const onLanguage = useCallback((lang: Locale) => dispatch({ type: 'lang', lang }), [dispatch]);
  return (
    <div className="page-tools">
      <LanguagePicker onChoose={onLanguage} />
      <label className="theme-choice">
        <FormattedMessage id="settings.theme" defaultMessage="Theme" />{' '}
        <select
          value={theme}
          onChange={(e) => {
            // Choosing the projector folds the header; the panel stays open around the focus.
            onOpen(true);
            dispatch({ type: 'theme', theme: e.target.value as Theme });
          }}
        >
          <option value="auto">
            {intl.formatMessage({ id: 'settings.theme.auto', defaultMessage: 'as the system' })}
          </option>
          <option value="light">
            {intl.formatMessage({ id: 'settings.theme.light', defaultMessage: 'light' })}
          </option>
          <option value="dark">
            {intl.formatMessage({ id: 'settings.theme.dark', defaultMessage: 'dark' })}
          </option>
          <option value="projector">
            {intl.formatMessage({
              id: 'settings.theme.projector',
              defaultMessage: 'projector (large, high contrast)',
            })}
          </option>
        </select>
      </label>
      <label className="predict-choice">
        <input
          type="checkbox"
          checked={predict}
          onChange={(e) => dispatch({ type: 'predict', on: e.target.checked })}
        />{' '}
        <FormattedMessage id="settings.predict" defaultMessage="Predict, then reveal" />
      </label>
      <button type="button" onClick={onShare}>
        <FormattedMessage id="settings.share" defaultMessage="Share / Embed" />
      </button>
      <button type="button" onClick={() => dispatch({ type: 'keys-help', open: true })}>
        <FormattedMessage id="settings.keys" defaultMessage="Keys" /> <kbd aria-hidden="true">?</kbd>
      </button>
    </div>
  );
});

export function Masthead({
  state,
  dispatch,
  fileLabel,
  trainedLabel,
  onShare,
  hide,
  pretrained,
  modelOn,
}: MastheadProps) {
  const id = useId();
  const narrow = useNarrowScreen();
  // A projector shows one stage at a time in large type: the header is a title line there too.
  const folded = narrow || state.theme === 'projector';
  const [open, setOpen] = useState(false);
  // Focus inside the panel keeps it unfolded, so narrowing the window never hides the control in
  // use (and with it the focus); it folds once the focus leaves.
  const [focusWithin, setFocusWithin] = useState(false);
  const expanded = open || focusWithin;
  const picker = !hide.includes('picker');
  const settings = !hide.includes('header');
  const intl = useIntl();
  const toggleText =
    picker && settings
      ? intl.formatMessage({ id: 'masthead.toggle.both', defaultMessage: 'Source and settings' })
      : picker
        ? intl.formatMessage({ id: 'masthead.toggle.source', defaultMessage: 'Source' })
        : intl.formatMessage({ id: 'masthead.toggle.settings', defaultMessage: 'Settings' });
  return (
    <header className={folded ? 'masthead folded' : 'masthead'}>
      <p className="eyebrow">
        <FormattedMessage id="masthead.eyebrow" defaultMessage="Cross-Entropy Lab" />
      </p>
      <h1>
        <FormattedMessage id="masthead.title" defaultMessage="How a language model’s loss is computed" />
      </h1>
      {folded && (picker || settings) && (
        <button
          type="button"
          className="fold-toggle"
          aria-expanded={expanded}
          aria-controls={`${id}-panel`}
          onClick={() => setOpen(!expanded)}
        >
          {toggleText}
          <span className="fold-chevron" aria-hidden="true" />
        </button>
      )}
      <div
        id={`${id}-panel`}
        className="masthead-panel"
        hidden={folded && !expanded}
        onFocus={() => setFocusWithin(true)}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) setFocusWithin(false);
        }}
      >
        <p className="lede">
          <FormattedMessage
            id="masthead.lede"
            defaultMessage="A model scores every token of its vocabulary at each position. Softmax turns the scores into probabilities; the loss is the mean of −log p of the tokens that really came next."
          />
        </p>
        <SourcePicker
          state={state}
          dispatch={dispatch}
          fileLabel={fileLabel}
          trainedLabel={trainedLabel}
          pretrained={pretrained}
          modelOn={modelOn}
        />
        <PageTools
          theme={state.theme}
          predict={state.predict}
          dispatch={dispatch}
          onShare={onShare}
          onOpen={setOpen}
        />
      </div>
    </header>
  );
}
