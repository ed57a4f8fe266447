import { Rng } from '../../random'

/**
 * Text from a tiny grammar, "<subject> <verb> <object>. ", with three choices at each place: 27
 * sentences, so once a model has the grammar, about 3.3 nats of choice are spread over some 20
 * characters and the perplexity the text allows is close to 1 (a uniform guess over its 20
 * characters is 20).
 */
const SUBJECTS = ['the cat', 'a dog', 'my bird']
const VERBS = ['sees', 'likes', 'eats']
const OBJECTS = ['the fish', 'a bone', 'some seed']

export const GRAMMAR_SENTENCE = /^(the cat|a dog|my bird) (sees|likes|eats) (the fish|a bone|some seed)\.$/

export function grammarText(sentences: number, seed: number): string {
  const rng = new Rng(seed)
  const pick = (list: string[]) => list[rng.int(list.length)]
  return Array.from({ length: sentences }, () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}.`).join(' ')
}

/**
 * The same words in another order, "<object> <verb> <subject>. ": the characters of grammarText
 * and nothing else, but sequences a model of that grammar has never seen, for fine-tuning tests.
 */
export function swappedGrammarText(sentences: number, seed: number): string {
  const rng = new Rng(seed)
  const pick = (list: string[]) => list[rng.int(list.length)]
  return Array.from({ length: sentences }, () => `${pick(OBJECTS)} ${pick(VERBS)} ${pick(SUBJECTS)}.`).join(' ')
}
