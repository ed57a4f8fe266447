import type { CorpusProfile } from '../../../../shared/schemas/datasets'

export type { CorpusProfile }

const WORD_CAP = 200_000

export class CorpusStats {
  private chars = 0
  private lines = 0
  private blank = 0
  private words = 0
  private readonly charSet = new Set<number>()
  private wordSet: Set<string> | null = new Set()

  addLine(text: string): void {
    this.lines++
    this.chars += text.length
    if (text.trim() === '') {
      this.blank++
      return
    }
    for (const ch of text) this.charSet.add(ch.codePointAt(0) ?? 0)
    for (const w of text.split(/\s+/)) {
      if (w === '') continue
      this.words++
      if (this.wordSet && !this.wordSet.has(w)) {
        if (this.wordSet.size >= WORD_CAP) this.wordSet = null
        else this.wordSet.add((' ' + w).slice(1))
      }
    }
  }

  result(): CorpusProfile {
    return {
      chars: this.chars,
      lines: this.lines,
      blankLines: this.blank,
      words: this.words,
      charVocabulary: this.charSet.size,
      wordVocabulary: this.wordSet?.size ?? WORD_CAP,
      wordVocabularyCapped: this.wordSet === null
    }
  }
}
