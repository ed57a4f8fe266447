/**
 * A run whose output is far past the log cap, with real processes: a trainer speaking the built-in
 * protocol under the supervisor, and a command trainer's script under the whole engine. The stored
 * log keeps its head and tail with a note of the cut; the metrics keep every point.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Run } from '../../../shared/api'
import { LOG_CODE_MARK, logText } from '../../../shared/messages/log-lines'
import { createEngine } from '../engine'
import { createEventBus } from '../events'
import { openStore, type Store } from '../store'
import { createNodeLauncher } from './node-launcher'
import { openEngineIdentity } from './orphans'
import { createSupervisor } from './supervisor'

const CAP = 64 * 1024
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-log-cap-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 3000 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20))
}
const bytes = (t: string) => Buffer.byteLength(t)

/** The log as `runs log` reads it, split at its one note. */
function split(text: string): { head: string; note: string; cut: number; tail: string } {
  const at = text.indexOf('bytes of output cut here')
  expect(at).toBeGreaterThan(0)
  expect(text.indexOf('bytes of output cut here', at + 1)).toBe(-1)
  expect(text.indexOf(LOG_CODE_MARK, at)).toBeGreaterThan(at)
  const start = text.lastIndexOf('\n', at) + 1
  const end = text.indexOf('\n', at) + 1
  const note = text.slice(start, end - 1)
  return { head: text.slice(0, start), note, cut: Number(/… ([\d,]+) bytes/.exec(note)![1]!.replace(/,/g, '')), tail: text.slice(end) }
}

function readLog(store: Store, runId: number): string {
  let offset = 0
  let text = ''
  for (;;) {
    const r = store.logs.read(runId, offset)
    if (r.text === '') return text
    text += r.text
    offset = r.nextOffset
  }
}

describe('a huge log', { timeout: 120000 }, () => {
  it('of a trainer under the supervisor keeps its head and tail, and every metric point', async () => {
    const dir = tempDir()
    const store = openStore(join(dir, 'test.db'))
    const self = await openEngineIdentity()
    const supervisor = createSupervisor({
      store,
      launcher: createNodeLauncher(['--import', 'tsx']),
      events: createEventBus(),
      trainerEntry: join(__dirname, 'fixtures', 'chatty-trainer.ts'),
      dataDir: dir,
      cancelGraceMs: 300,
      flushMs: 20,
      logCapBytes: CAP
    })
    try {
      const LINES = 40_000
      const experimentId = store.experiments.create({ name: 'chatty' }).id
      const config = { 'fixture.lines': LINES }
      const run = store.runs.insert({ experimentId, name: 'chatty', trainer: 'fixture', trainerVersion: '0', engineVersion: '0', config, datasetPath: null, datasetHash: null, seed: 1, owner: self })
      supervisor.launch(run, { runId: run.id, trainer: 'fixture', config, datasetPath: '', workDir: dir, providers: ['cpu'] })
      await supervisor.ended(run.id)
      expect(store.runs.get(run.id)!.status).toBe('finished')
      expect(store.metrics.series(run.id, { names: ['train/loss'] })['train/loss']!.steps).toHaveLength(LINES)

      const printed = Array.from({ length: LINES }, (_, step) => `step ${String(step).padStart(7, '0')} loss ${(1 / (step + 1)).toFixed(6)} ${'.'.repeat(40)}\n`).join('')
      expect(bytes(printed)).toBeGreaterThan(30 * CAP)
      const { head, tail, cut, note } = split(readLog(store, run.id))
      expect(printed.startsWith(head)).toBe(true)
      // The tail is the output's end, then the engine's line saying how the run ended.
      const [output, endLine] = [tail.slice(0, tail.lastIndexOf('[paramscope] run')), tail.slice(tail.lastIndexOf('[paramscope] run'))]
      expect(printed.endsWith(output)).toBe(true)
      expect(endLine).toMatch(/^\[paramscope\] run finished/)
      expect(cut).toBe(bytes(printed) - bytes(head) - bytes(output))
      expect(bytes(head) + bytes(output)).toBeLessThanOrEqual(CAP)
      expect(bytes(head) + bytes(output)).toBeGreaterThan(CAP - 400)
      expect(logText(note, 'en')).toMatch(/bytes of output cut here \(the log keeps its first and last 32\.0 KB\)/)
    } finally {
      await supervisor.shutdown()
      store.close()
    }
  })

  it('of a command trainer keeps its head and tail, while its metric lines all count', async () => {
    const dir = tempDir()
    const work = join(dir, 'work')
    mkdirSync(work)
    // Each line is a metric line (a `name=value` line) and output at once.
    writeFileSync(
      join(work, 'chatty.mjs'),
      `const n = Number(process.argv[2].split('=')[1])
let text = ''
for (let step = 0; step < n; step++) {
  text += 'step=' + step + ' loss=' + (1 / (step + 1)).toFixed(6) + ' pad=' + '7'.repeat(30) + '\\n'
  if (text.length > 60000) { process.stdout.write(text); text = '' }
}
process.stdout.write(text)
`
    )
    const L = (en: string) => ({ en, 'zh-CN': en })
    const engine = await createEngine({
      dataDir: join(dir, 'home'),
      launcher: createNodeLauncher(['--import', 'tsx']),
      trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'),
      gpus: [],
      logCapBytes: CAP
    })
    try {
      await engine.api['trainers.add']({
        definition: {
          name: 'chatty',
          label: L('chatty'),
          description: L('prints a lot'),
          command: [process.execPath, 'chatty.mjs', '${args}'],
          cwd: work,
          groups: [{ id: 'run', label: L('Run') }],
          params: [{ key: 'run.lines', group: 'run', type: 'int', default: 10, min: 1, label: L('lines'), help: L('lines') }]
        },
        replace: false
      })
      const LINES = 50_000
      const experiment = await engine.api['experiments.create']({ name: 'chatty', description: '' })
      const run = await engine.api['runs.start']({ experimentId: experiment.id, trainer: 'chatty', config: { 'run.lines': LINES } })
      let ended!: Run
      await until(async () => {
        ended = await engine.api['runs.get']({ id: run.id })
        return !['queued', 'running'].includes(ended.status)
      })
      expect(ended.status, ended.statusMessage ?? '').toBe('finished')
      const loss = (await engine.api['runs.metrics']({ id: run.id, names: ['loss'] })).loss!
      expect(loss.steps).toHaveLength(LINES)
      expect(loss.steps.at(-1)).toBe(LINES - 1)

      let text = ''
      let offset = 0
      for (;;) {
        const r = await engine.api['runs.log']({ id: run.id, offset })
        if (r.text === '') break
        text += r.text
        offset = r.nextOffset
      }
      const { head, tail, cut } = split(text)
      expect(head.startsWith('step=0 loss=1.000000 ')).toBe(true)
      expect(tail).toContain(`step=${LINES - 1} loss=`)
      const printedBytes = Array.from({ length: LINES }, (_, step) => bytes(`step=${step} loss=${(1 / (step + 1)).toFixed(6)} pad=${'7'.repeat(30)}\n`)).reduce((a, b) => a + b, 0)
      const output = tail.slice(0, tail.indexOf('[paramscope] run'))
      expect(cut).toBe(printedBytes - bytes(head) - bytes(output))
      expect(bytes(head) + bytes(output)).toBeLessThanOrEqual(CAP)
      // The whole output's offsets: a window that followed the run counted the same.
      expect(offset).toBe(printedBytes + tail.length - output.length)
    } finally {
      await engine.close()
    }
  })
})
