/**
 * Writes the sample datasets under resources/samples/ from the same seeded generators the
 * trainers' tests use, so a shipped file is exactly what the code makes.
 *
 *   npx tsx scripts/make-samples.ts          writes the files
 *   npx tsx scripts/make-samples.ts --check  exits 1 when a committed file differs from a fresh one
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { Rng } from '../src/main/engine/random'
import { makeDesign } from '../src/main/engine/studies/design'
import { parseSpace } from '../src/main/engine/studies/space'
import { grammarText, swappedGrammarText } from '../src/main/engine/trainers/char-lm/sample-text'
import { keywordTexts } from '../src/main/engine/trainers/text-classifier/sample-texts'

export const samplesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../resources/samples')

/** Six significant digits: plenty for a sample, and a third of the bytes of a full double. */
const short = (v: number): string => String(Number(v.toPrecision(6)))

/** y = 1.5·a − b + 0.5·c·d + N(0, 0.1²) over standard normal features: R² at best 3.5 / 3.51. */
function regressionCsv(rows: number, seed: number): string {
  const rng = new Rng(seed)
  const lines = ['a,b,c,d,y']
  for (let i = 0; i < rows; i++) {
    const [a, b, c, d] = [rng.normal(), rng.normal(), rng.normal(), rng.normal()]
    lines.push([a, b, c, d, 1.5 * a - b + 0.5 * c * d + 0.1 * rng.normal()].map(short).join(','))
  }
  return `${lines.join('\n')}\n`
}

/**
 * The Ishigami function (a = 7, b = 0.1) over a Saltelli design on [−π, π]³, as a study's results
 * table: its Sobol indices are known (S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244).
 */
function ishigamiCsv(n: number, seed: number): string {
  const space = parseSpace({ params: Object.fromEntries(['x1', 'x2', 'x3'].map((name) => [name, { type: 'float', low: -Math.PI, high: Math.PI }])) })
  const design = makeDesign(space, { method: 'saltelli', n, seed, replicates: 4 })
  const lines = [[...design.names, 'y'].join(',')]
  for (const row of design.rows) {
    const [x1, x2, x3] = row.map((v) => Number(short(v as number)))
    lines.push([x1, x2, x3, Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1)].map(short).join(','))
  }
  return `${lines.join('\n')}\n`
}

/** Writes every sample into `dir` (README.md aside, which is written by hand). */
export async function writeSamples(dir: string): Promise<void> {
  await writeBlobsCsv(join(dir, 'classification.csv'), { rows: 800, features: 6, classes: 4, separation: 4, seed: 1 })
  await writeFile(join(dir, 'regression.csv'), regressionCsv(1000, 8))
  const topics = keywordTexts(1200, 5).rows.map((row) => JSON.stringify({ text: row.text, label: row.label }))
  await writeFile(join(dir, 'topics.jsonl'), `${topics.join('\n')}\n`)
  // Exactly the generators' text: a trailing newline would add a character the grammar lacks.
  await writeFile(join(dir, 'grammar.txt'), grammarText(2000, 11))
  await writeFile(join(dir, 'grammar-swapped.txt'), swappedGrammarText(400, 3))
  await writeFile(join(dir, 'ishigami-saltelli.csv'), ishigamiCsv(1024, 2))
}

/** Names of the files that differ between two folders (README.md aside), either way round. */
export async function differingFiles(expectedDir: string, actualDir: string): Promise<string[]> {
  const list = async (dir: string) => (await readdir(dir)).filter((name) => name !== 'README.md')
  const names = [...new Set([...(await list(expectedDir)), ...(await list(actualDir))])].sort()
  const differing: string[] = []
  for (const name of names) {
    const [a, b] = await Promise.all([readFile(join(expectedDir, name)).catch(() => null), readFile(join(actualDir, name)).catch(() => null)])
    if (!a || !b || !a.equals(b)) differing.push(name)
  }
  return differing
}

async function main(check: boolean): Promise<void> {
  if (!check) {
    await writeSamples(samplesDir)
    console.log(`Wrote the samples to ${samplesDir}`)
    return
  }
  const fresh = await mkdtemp(join(tmpdir(), 'paramscope-samples-'))
  try {
    await writeSamples(fresh)
    const differing = await differingFiles(fresh, samplesDir)
    if (differing.length > 0) {
      console.error(`Out of date with the generators: ${differing.join(', ')}. Run npx tsx scripts/make-samples.ts`)
      process.exitCode = 1
    } else {
      console.log('The samples match their generators')
    }
  } finally {
    await rm(fresh, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.includes('--check')).catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
}
