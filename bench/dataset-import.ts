/**
 * Import speed and memory of a large CSV: generates one in a temp folder, then streams it through
 * importFile (parse, SHA-256, profile) and samples the resident memory while it runs.
 * Run: npx tsx bench/dataset-import.ts   (size by DATASET_BENCH_MB, default 1024; prints one JSON object)
 * DATASET_BENCH_FILE=path imports that file instead, generating it there first (and keeping it) if absent.
 */
import { once } from 'node:events'
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { importFile } from '../src/main/engine/datasets/import/import-file'
import { Rng } from '../src/main/engine/random'

const MB = 1 << 20
const targetBytes = Number(process.env.DATASET_BENCH_MB ?? 1024) * MB
const CATEGORIES = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white']
const WORDS = 'the quick brown fox jumps over a lazy dog while seven wizards box, "quietly" and fast'.split(' ')

/** A table a user might bring: ids, measurements, a category, a flag, a short quoted note. */
async function generate(file: string): Promise<number> {
  const rng = new Rng(7)
  const out = createWriteStream(file)
  out.write('id,x1,x2,x3,x4,colour,flag,note\n')
  let written = 0
  let id = 0
  while (written < targetBytes) {
    const lines: string[] = []
    for (let i = 0; i < 10_000; i++) {
      const note = Array.from({ length: 3 + rng.int(6) }, () => WORDS[rng.int(WORDS.length)]).join(' ')
      const x4 = rng.uniform(0, 1) < 0.02 ? '' : (rng.normal() * 100).toFixed(3)
      lines.push(`${id++},${rng.normal().toFixed(6)},${rng.uniform(0, 1).toFixed(5)},${rng.int(1000)},${x4},${CATEGORIES[rng.int(8)]},${rng.uniform(0, 1) < 0.5},"${note.replaceAll('"', '""')}"\n`)
    }
    const text = lines.join('')
    written += Buffer.byteLength(text)
    if (!out.write(text)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'close')
  return id
}

function vmHwmMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : null
  } catch {
    return null
  }
}

async function main(): Promise<void> {
  const given = process.env.DATASET_BENCH_FILE
  const dir = given ? null : await mkdtemp(path.join(os.tmpdir(), 'paramscope-bench-'))
  try {
    const file = given ?? path.join(dir ?? '', 'big.csv')
    const rows = given && existsSync(given) ? null : await generate(file)
    global.gc?.()
    // Reset the kernel's peak-RSS mark so VmHWM covers the import only (Linux ≥ 4.0).
    try {
      writeFileSync('/proc/self/clear_refs', '5')
    } catch {
      /* not Linux: the sampled RSS still stands */
    }
    let peakRss = process.memoryUsage().rss
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
    const start = performance.now()
    const cpuStart = process.cpuUsage()
    const result = await importFile(file, {})
    const seconds = (performance.now() - start) / 1000
    const cpu = process.cpuUsage(cpuStart)
    clearInterval(sampler)
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
    console.log(
      JSON.stringify({
        bench: 'dataset-import',
        node: process.version,
        cpus: os.cpus().length,
        bytes: result.size,
        rows: result.profile.rows,
        rowsGenerated: rows,
        columns: result.profile.columns.map((c) => `${c.name}:${c.type}`),
        seconds: Number(seconds.toFixed(2)),
        mbPerSecond: Math.round(result.size / MB / seconds),
        // CPU time of this process, all threads (the hashing thread too): when other work shares the cores, wall time says less.
        cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
        mbPerCpuSecond: Math.round(result.size / MB / ((cpu.user + cpu.system) / 1e6)),
        loadAverage: os.loadavg()[0],
        peakRssMb: Math.round(peakRss / MB),
        vmHwmMb: vmHwmMb(),
        sha256: result.sha256
      })
    )
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}

void main()
