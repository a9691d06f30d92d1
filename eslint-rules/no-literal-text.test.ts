import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import rule from './no-literal-text.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
});

tester.run('xent/no-literal-text', rule, {
  valid: [
    { code: `<p><FormattedMessage id="a" defaultMessage="Loss" /></p>` },
    { code: `<p>{intl.formatMessage({ id: 'a', defaultMessage: 'Loss' })}</p>` },
    { code: `<p>{value} · {other} = (2, 3, 50257)</p>` },
    { code: `<code>F.cross_entropy(logits, targets)</code>` },
    { code: `<kbd>Shift</kbd>` },
    { code: `<p className="lede" data-testid="shape" />` },
    { code: `<p title={label} aria-label={intl.formatMessage({ id: 'b', defaultMessage: 'x' })} />` },
  ],
  invalid: [
    { code: `<p>Loss</p>`, errors: [{ messageId: 'literal' }] },
    { code: `<p>{'Computing…'}</p>`, errors: [{ messageId: 'literal' }] },
    { code: `<p>{busy ? 'Computing…' : value}</p>`, errors: [{ messageId: 'literal' }] },
    { code: `<p>{\`\${n} tokens\`}</p>`, errors: [{ messageId: 'literal' }] },
    { code: `<button aria-label="Close" />`, errors: [{ messageId: 'literal' }] },
    { code: `<input aria-valuetext={\`loss \${x}\`} />`, errors: [{ messageId: 'literal' }] },
    { code: `<p>词元</p>`, errors: [{ messageId: 'literal' }] },
  ],
});
