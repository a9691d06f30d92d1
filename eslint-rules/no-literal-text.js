/**
 * xent/no-literal-text: words a person reads must come from the message catalogs (react-intl's
 * <FormattedMessage> or intl.formatMessage), so that every language gets them.
 *
 * Reported: JSX text, and string or template literals given as JSX children or to the attributes
 * a person reads or hears (aria-label, aria-valuetext, title, alt, placeholder, label, …), when
 * they hold a letter of any script. Not reported: text without letters (punctuation, symbols
 * and digits such as "·", "=", "×", "(2, 3, 50257)", written alike in every language), and text
 * inside <code>, <kbd>, <pre>, <samp> and <var> (code, keys and variables stay as they are).
 *
 * Our own rule rather than eslint-plugin-formatjs's no-literal-string-in-jsx: that one reports
 * every non-blank literal, punctuation and symbols included, which would push "·" and "×" into
 * the catalogs, and it does not know aria-valuetext or aria-roledescription.
 */
const LETTER = /\p{L}/u;
const VERBATIM = new Set(['code', 'kbd', 'pre', 'samp', 'var']);
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'alt',
  'placeholder',
  'label',
]);

const elementName = (node) =>
  node.type === 'JSXElement' && node.openingElement.name.type === 'JSXIdentifier'
    ? node.openingElement.name.name
    : null;

function insideVerbatim(node) {
  for (let at = node.parent; at; at = at.parent) {
    const name = elementName(at);
    if (name && VERBATIM.has(name)) return true;
  }
  return false;
}

/** The literal parts of an expression that end up on screen as they are. */
function literals(expression) {
  switch (expression.type) {
    case 'Literal':
      return typeof expression.value === 'string' ? [{ node: expression, text: expression.value }] : [];
    case 'TemplateLiteral':
      return [{ node: expression, text: expression.quasis.map((q) => q.value.cooked ?? '').join('') }];
    case 'ConditionalExpression':
      return [...literals(expression.consequent), ...literals(expression.alternate)];
    case 'LogicalExpression':
      return literals(expression.right);
    case 'BinaryExpression':
      return expression.operator === '+' ? [...literals(expression.left), ...literals(expression.right)] : [];
    default:
      return [];
  }
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Words a person reads come from the message catalogs.' },
    schema: [],
    messages: {
      literal:
        'User-visible text “{{text}}” is not in a message catalog: use <FormattedMessage> or intl.formatMessage with an id and defaultMessage.',
    },
  },
  create(context) {
    const report = (node, text) => {
      if (!LETTER.test(text) || insideVerbatim(node)) return;
      context.report({ node, messageId: 'literal', data: { text: text.trim().slice(0, 40) } });
    };
    return {
      JSXText(node) {
        report(node, node.value);
      },
      'JSXElement > JSXExpressionContainer, JSXFragment > JSXExpressionContainer'(node) {
        for (const { node: lit, text } of literals(node.expression)) report(lit, text);
      },
      JSXAttribute(node) {
        const name = typeof node.name.name === 'string' ? node.name.name : node.name.name.name;
        if (!READ_ATTRIBUTES.has(name) || !node.value) return;
        if (node.value.type === 'Literal') report(node.value, String(node.value.value));
        else if (node.value.type === 'JSXExpressionContainer')
          for (const { node: lit, text } of literals(node.value.expression)) report(lit, text);
      },
    };
  },
};
