import { fork } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TrainerJob, TrainerToEngine } from './protocol'

const dir = mkdtempSync(join(tmpdir(), 'paramscope-entry-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the real trainer entry on one job; answers its messages and what it wrote to stderr. */
function runEntry(job: TrainerJob): Promise<{ messages: TrainerToEngine[]; stderr: string }> {
  const child = fork(join(__dirname, 'entry.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
  const messages: TrainerToEngine[] = []
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  child.on('message', (m) => messages.push(m as TrainerToEngine))
  child.send({ type: 'start', job })
  return new Promise((resolve) => child.on('exit', () => resolve({ messages, stderr })))
}

describe('a trainer that fails', () => {
  it('reports the reason without a stack trace and keeps the trace in the run folder’s debug.log', async () => {
    const job: TrainerJob = { runId: 3, trainer: 'no-such-trainer', config: {}, datasetPath: '', workDir: dir, providers: ['cpu'] }
    const { messages, stderr } = await runEntry(job)
    expect(messages.at(-1)).toEqual({ type: 'done', status: 'failed', message: 'Unknown trainer "no-such-trainer"' })
    expect(stderr).toBe(`Unknown trainer "no-such-trainer"\n(stack trace in ${join(dir, 'debug.log')})\n`)
    const debug = readFileSync(join(dir, 'debug.log'), 'utf8')
    expect(debug).toMatch(/run 3 failed\nError: Unknown trainer "no-such-trainer"\n\s+at /)
  }, 30000)

  it('sends the trace to stderr where the run folder cannot take it', async () => {
    const job: TrainerJob = { runId: 4, trainer: 'no-such-trainer', config: {}, datasetPath: '', workDir: join(dir, 'missing'), providers: ['cpu'] }
    const { stderr } = await runEntry(job)
    expect(existsSync(join(dir, 'missing'))).toBe(false)
    expect(stderr).toMatch(/^Unknown trainer "no-such-trainer"\nError: Unknown trainer "no-such-trainer"\n\s+at /)
  }, 30000)
})
