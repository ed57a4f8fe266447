import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from './engine'
import { createNodeLauncher } from './runs/node-launcher'
import { openStore, STORE_FILE } from './store'

const dir = mkdtempSync(join(tmpdir(), 'paramscope-engine-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('opening the engine', () => {
  it('sweeps the unfinished checkpoint files that trainers killed mid-write left in run folders', async () => {
    // A real process killed with SIGKILL, as the audit's trainers were: its pid names the file it left.
    const proc = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    await once(proc, 'spawn')
    proc.kill('SIGKILL')
    await once(proc, 'exit')
    const checkpoints = join(dir, 'home', 'runs', '12', 'checkpoints')
    mkdirSync(checkpoints, { recursive: true })
    const left = join(checkpoints, `.latest.ckpt.${proc.pid}.tmp`)
    const kept = join(checkpoints, 'latest.ckpt')
    writeFileSync(left, 'half a checkpoint')
    writeFileSync(kept, 'a whole one')
    const engine = await createEngine({ dataDir: join(dir, 'home'), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, 'trainers', 'entry.ts') })
    await engine.close()
    expect([existsSync(left), existsSync(kept)]).toEqual([false, true])
  })
})

describe('an import through the engine', () => {
  it("keeps the imported runs' table rows in the background, for the table's first open", async () => {
    const home = join(dir, 'import-home')
    const engine = await createEngine({ dataDir: home, launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, 'trainers', 'entry.ts') })
    try {
      // The table was open before (its first call ends the start-up steps); then the import.
      const { id } = await engine.api['experiments.create']({ name: 'trained here', description: '' })
      await engine.api['runs.table']({ experimentIds: [id] })
      const { runIds } = await engine.api['runs.import']({ path: join(__dirname, 'import', 'fixtures', 'generic', 'runs.jsonl'), experiment: 'imported', lang: 'en' })
      expect(runIds.length).toBeGreaterThan(0)
      // A second connection, as another process would look: the file has a row per imported run.
      const kept = () => {
        const store = openStore(join(home, STORE_FILE))
        try {
          return store.db.prepare('SELECT run_id FROM run_summaries ORDER BY run_id').pluck().all()
        } finally {
          store.close()
        }
      }
      await expect.poll(kept).toEqual([...runIds].sort((x, y) => x - y))
    } finally {
      await engine.close()
    }
  })
})
