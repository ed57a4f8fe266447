import { writeFile } from 'node:fs/promises'
import { Rng } from '../../random'

/**
 * Sentences whose label is decided by one keyword: each row is 5–12 filler words with one keyword
 * of its class put at a random place, so a model that finds the keywords is right every time and
 * one that does not is at chance. Filler words are shared by all classes.
 */
export interface KeywordTexts {
  rows: { text: string; label: string }[]
  classes: string[]
}

const FILLER = 'the a of to and in is it that was for on with as at by this from or an be are we they his her had not but what all were when there can more if out so up said one about into them some could time than first like then now only its over new just any these two may way use how our'.split(' ')
const KEYWORDS: Record<string, string[]> = {
  sport: ['football', 'goalkeeper', 'tournament'],
  weather: ['rainfall', 'forecast', 'thunderstorm'],
  finance: ['dividend', 'shareholder', 'inflation']
}

export function keywordTexts(count: number, seed: number): KeywordTexts {
  const rng = new Rng(seed)
  const classes = Object.keys(KEYWORDS)
  const rows = Array.from({ length: count }, () => {
    const label = classes[rng.int(classes.length)]
    const words = Array.from({ length: 5 + rng.int(8) }, () => FILLER[rng.int(FILLER.length)])
    words.splice(rng.int(words.length + 1), 0, KEYWORDS[label][rng.int(3)])
    return { text: words.join(' '), label }
  })
  return { rows, classes }
}

export async function writeKeywordCsv(path: string, t: KeywordTexts): Promise<void> {
  await writeFile(path, `text,label\n${t.rows.map((r) => `"${r.text}",${r.label}`).join('\n')}\n`)
}

export async function writeKeywordJsonl(path: string, t: KeywordTexts): Promise<void> {
  await writeFile(path, t.rows.map((r) => JSON.stringify({ id: 1, body: r.text, topic: r.label })).join('\n') + '\n')
}
