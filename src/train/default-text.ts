/**
 * The text the live-training panel starts with: a few plain paragraphs, written for this project,
 * about how a language model learns from text. About 330 GPT-2 tokens: short enough to train on
 * in the browser, long enough that the held-out end shows over-fitting.
 */
export const DEFAULT_TEXT = `A language model reads text one token at a time and tries to guess the next token. At first it knows nothing, so every token in the vocabulary looks equally likely, and its loss is close to the log of the vocabulary size. Each guess is scored by the cross-entropy loss: the negative log of the probability the model gave to the token that really came next.

The model learns by making the loss smaller. After each guess, the gradient of the loss tells every weight which way to move so that the right token becomes a little more likely and the wrong tokens a little less likely. The optimizer takes a small step in that direction, and then the model reads the text again.

This model is very small. It looks only at the current token, turns it into a short list of numbers called an embedding, and multiplies that list by one large matrix to get a score for every token in the vocabulary. The softmax turns those scores into probabilities. A model like this can only learn which token tends to follow which, but that is already enough to see the loss fall.

The last part of the text is held out. The model never trains on it, so its loss on that part shows how well the model does on text it has not seen. When the text is short, the model soon learns the training part by heart: the training loss keeps falling while the held-out loss stops falling and starts to rise. That is over-fitting, and it is why we always keep some text aside.
`;
