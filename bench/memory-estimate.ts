/**
 * Each trainer's memory estimate against what its process really takes: runs real trainer
 * processes over generated data at small and large sizes, reads the peak resident memory (VmHWM
 * in /proc/<pid>/status, so Linux only) and prints it beside the estimate, with their ratio.
 * The trainer entry is the TypeScript one through tsx (about 40 MB more than the built one);
 * BENCH_TRAINER=out/main/trainer.js measures the built trainer after `npx electron-vite build`.
 * BENCH_CASES=mlp,char-lm picks trainers. About five minutes on two cores.
 * Run: npx tsx bench/memory-estimate.ts   (prints one JSON object; bench/memory-estimate.json keeps a run's figures)
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../src/shared/api'
import { defaultConfig } from '../src/shared/params'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { createNodeLauncher } from '../src/main/engine/runs/node-launcher'
import { grammarText } from '../src/main/engine/trainers/char-lm/sample-text'
import { trainerDefinitions } from '../src/main/engine/trainers/registry'
import { keywordTexts, writeKeywordCsv } from '../src/main/engine/trainers/text-classifier/sample-texts'

interface Case {
  trainer: string
  data: string
  config: Config
}

const MB = 2 ** 20
const entry = process.env.BENCH_TRAINER ? path.resolve(process.env.BENCH_TRAINER) : path.join(__dirname, '..', 'src', 'main', 'engine', 'trainers', 'entry.ts')
const picked = process.env.BENCH_CASES?.split(',')

function peakOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** Runs one trainer process to its end, sampling its peak every 20 ms (the kernel keeps the true peak; the last sample before exit reads it). */
async function measure(c: Case, file: string, workDir: string): Promise<{ peak: number; status: string; seconds: number }> {
  const launcher = createNodeLauncher(process.env.BENCH_TRAINER ? [] : ['--import', 'tsx'])
  const config = { ...defaultConfig(trainerDefinitions[c.trainer].info(['cpu'])), ...c.config }
  const started = Date.now()
  const proc = launcher.launch({ entry })
  let [peak, status] = [0, 'crashed']
  const sample = () => (peak = Math.max(peak, peakOf(proc.pid!)))
  const timer = setInterval(sample, 20)
  proc.onMessage((m) => {
    sample()
    if (m.type === 'done') status = m.message ? `${m.status}: ${m.message}` : m.status
  })
  const exited = new Promise<void>((resolve) => proc.onExit(() => resolve()))
  proc.send({ type: 'start', job: { runId: 1, trainer: c.trainer, config, datasetPath: file, workDir, providers: ['cpu'] } })
  await exited
  clearInterval(timer)
  return { peak, status, seconds: (Date.now() - started) / 1000 }
}

const mlp = (data: string, config: Config): Case => ({ trainer: 'mlp', data, config: { 'training.epochs': 1, ...config } })
const text = (data: string, config: Config): Case => ({ trainer: 'text-classifier', data, config: { 'training.epochs': 1, ...config } })
const lm = (data: string, config: Config): Case => ({ trainer: 'char-lm', data, config: { 'sample.length': 10, 'diagnostics.every': 0, ...config } })
const big = { 'model.hidden_size': 2048, 'model.layers': 4 }

const cases: Case[] = [
  mlp('blobs.csv', {}),
  mlp('blobs.csv', big),
  mlp('blobs.csv', { ...big, 'optimizer.name': 'sgd', 'runtime.steps_per_run': 1, 'diagnostics.every': 0 }),
  mlp('blobs.csv', { ...big, 'lora.rank': 8 }),
  mlp('blobs-tall.csv', { 'data.batch_size': 8192, 'model.hidden_size': 1024, 'model.layers': 2 }),
  mlp('blobs-wide.csv', {}),
  text('texts.csv', {}),
  text('texts.csv', { 'features.buckets': 1048576, 'diagnostics.every': 0 }),
  text('texts.csv', { 'model.hidden_size': 2048, 'model.layers': 2, 'diagnostics.every': 0 }),
  text('texts-80k.csv', { 'data.batch_size': 256, 'diagnostics.every': 0 }),
  text('texts.csv', {
    'data.batch_size': 1024, 'model.embedding_size': 512, 'features.max_ngrams': 4096, 'features.char_ngram_min': 1, 'features.char_ngram_max': 8, 'features.word_ngram_max': 5, 'diagnostics.every': 0
  }),
  lm('grammar.txt', { 'training.steps': 20 }),
  lm('grammar.txt', { 'training.steps': 10, 'model.width': 512, 'model.layers': 4, 'model.heads': 8 }),
  lm('grammar.txt', { 'training.steps': 5, 'model.context': 1024 }),
  lm('grammar.txt', { 'training.steps': 5, 'model.context': 256, 'data.batch_size': 64, 'model.width': 256 }),
  lm('grammar-big.txt', { 'training.steps': 5 })
].filter((c) => !picked || picked.includes(c.trainer))

async function writeData(dir: string): Promise<void> {
  await writeBlobsCsv(path.join(dir, 'blobs.csv'), { rows: 2000, features: 10, classes: 3, separation: 2.5, seed: 5 })
  await writeBlobsCsv(path.join(dir, 'blobs-tall.csv'), { rows: 40000, features: 20, classes: 3, separation: 2.5, seed: 5 })
  await writeBlobsCsv(path.join(dir, 'blobs-wide.csv'), { rows: 4000, features: 500, classes: 3, separation: 2.5, seed: 5 })
  await writeKeywordCsv(path.join(dir, 'texts.csv'), keywordTexts(2000, 3))
  await writeKeywordCsv(path.join(dir, 'texts-80k.csv'), keywordTexts(80000, 3))
  writeFileSync(path.join(dir, 'grammar.txt'), grammarText(4000, 1))
  writeFileSync(path.join(dir, 'grammar-big.txt'), grammarText(1_000_000, 1))
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paramscope-memory-bench-'))
  try {
    await writeData(dir)
    const results = []
    for (const c of cases) {
      const file = path.join(dir, c.data)
      const config = { ...defaultConfig(trainerDefinitions[c.trainer].info(['cpu'])), ...c.config }
      const estimate = await trainerDefinitions[c.trainer].estimateMemory!(config, { path: file, bytes: statSync(file).size })
      const workDir = await mkdtemp(path.join(dir, 'run-'))
      const run = await measure(c, file, workDir)
      await rm(workDir, { recursive: true, force: true })
      const row = {
        trainer: c.trainer,
        data: `${c.data} (${(statSync(file).size / MB).toFixed(1)} MB)`,
        config: c.config,
        status: run.status,
        seconds: run.seconds,
        peakMB: Math.round(run.peak / MB),
        estimateMB: Math.round(estimate.bytes / MB),
        ratio: Number((estimate.bytes / run.peak).toFixed(2)),
        parts: Object.fromEntries(estimate.parts.map((p, i) => [`${p.what}${i}`, Math.round(p.bytes / MB)]))
      }
      process.stderr.write(`${JSON.stringify(row)}\n`)
      results.push(row)
    }
    const ratios = results.map((r) => r.ratio)
    process.stdout.write(
      `${JSON.stringify(
        {
          trainerEntry: path.relative(path.join(__dirname, '..'), entry),
          cpus: os.availableParallelism(),
          node: process.version,
          ratio: { min: Math.min(...ratios), max: Math.max(...ratios) },
          results
        },
        null,
        2
      )}\n`
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

void main()
