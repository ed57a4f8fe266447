import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

const cli = resolve(__dirname, '..', 'out', 'main', 'cli.js')

export interface RunningServe {
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

/** Starts the real `paramscope serve` on a free port and resolves with the URL it prints. */
export async function startServer(dataDir: string): Promise<RunningServe> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`)
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL in 20 s:\n${output}`)), 20000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        ok(match[1])
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)))
  })
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok()
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      })
  }
}
