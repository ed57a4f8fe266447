import { describe, expect, it } from 'vitest'
import { featurize, hashString, ngramIds, tokenize, type NgramOptions } from './features'

const o: NgramOptions = { buckets: 1 << 20, wordMin: 1, wordMax: 2, charMin: 3, charMax: 3, maxNgrams: 1000, seed: 1, lowercase: true }

describe('hashed n-gram features', () => {
  it('tokenizes words and CJK runs, lowercasing when asked', () => {
    expect(tokenize('Hello, World! 42 times', true)).toEqual(['hello', 'world', '42', 'times'])
    expect(tokenize('Hello', false)).toEqual(['Hello'])
    expect(tokenize('模型 很好！', true)).toEqual(['模型', '很好'])
  })

  it('counts word unigrams, bigrams and boundary-marked character trigrams', () => {
    // "ab cd": words ab, cd; bigram "ab cd"; "<ab>" and "<cd>" give 2 trigrams each.
    expect(ngramIds('ab cd', o)).toHaveLength(2 + 1 + 4)
    expect(ngramIds('ab cd', { ...o, charMax: 0 })).toHaveLength(3)
    expect(ngramIds('ab cd', { ...o, wordMax: 0 })).toHaveLength(4)
    expect(ngramIds('ab cd ef gh', { ...o, maxNgrams: 5 })).toHaveLength(5)
  })

  it('is stable for a seed, changes with it, and stays inside 1..buckets−1', () => {
    expect(hashString('w hello', 7)).toBe(hashString('w hello', 7))
    expect(hashString('w hello', 7)).not.toBe(hashString('w hello', 8))
    // A pinned value: the hash must not change between versions, or saved models lose their meaning.
    expect([hashString('w hello', 0), hashString('c <ab', 3)]).toEqual([3087629371, 598597998])
    const ids = ngramIds('the quick brown fox jumps over the lazy dog', { ...o, buckets: 16 })
    expect(ids.every((id) => id >= 1 && id <= 15)).toBe(true)
    // The repeated "the" hashes to the same row both times.
    expect(ids[0]).toBe(ids[6])
  })

  it('pads rows to the longest text with zeros', () => {
    const { x, slots } = featurize(['a b c', 'a', ''], { ...o, wordMax: 1, charMax: 0 })
    expect(slots).toBe(3)
    expect(Array.from(x.slice(3, 6)).filter((v) => v !== 0)).toHaveLength(1)
    expect(Array.from(x.slice(6))).toEqual([0, 0, 0])
    expect(x[3]).toBe(x[0])
  })

  it('hashes more texts than a call can take arguments (200,000 rows)', () => {
    const texts = Array.from({ length: 200_000 }, (_, i) => (i === 7 ? 'the longest one' : 'a'))
    const { x, slots } = featurize(texts, { ...o, wordMax: 1, charMax: 0 })
    expect(slots).toBe(3)
    expect(x.length).toBe(600_000)
  })
})
