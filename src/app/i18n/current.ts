/**
 * The page's current messages for code outside components (number words, sentences built in
 * plain functions such as the back ends' disagreement): `currentIntl().formatMessage({ id,
 * defaultMessage }, values)`, extracted like any component's message. The LocaleRoot sets it
 * before the page renders in a language; until then it is English, the defaultMessages.
 */
import { createIntl, createIntlCache, type IntlShape } from 'react-intl';

const cache = createIntlCache();
let intl: IntlShape = createIntl({ locale: 'en', defaultLocale: 'en', messages: {} }, cache);

export const currentIntl = (): IntlShape => intl;

export function setCurrentIntl(next: IntlShape): void {
  intl = next;
}

export { cache as intlCache };
