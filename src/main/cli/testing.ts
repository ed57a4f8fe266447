/** What the CLI tests share: the built command, run as a user runs it. */
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const builtDir = resolve(__dirname, '../../../out/main')
export const builtCli = join(builtDir, 'cli.js')

/** Fails the suite with the fix when the build the tests drive is missing. */
export function requireBuilt(files: string[] = ['cli.js']): void {
  for (const f of files) {
    const path = join(builtDir, f)
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first (npm test does)`)
  }
}

/** Runs `paramscope ARGS…` to its end on this test's Node and returns its exit code and output. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  const r = spawnSync(process.execPath, [builtCli, ...args], { encoding: 'utf8', timeout: options.timeoutMs ?? 60000, env: options.env })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/**
 * Runs `paramscope ARGS…` with stdout into a shell pipe whose reader, once the first byte is
 * there, pauses a second before reading on, as a busy `| jq` may: what the command has not handed
 * to the pipe when it exits is lost, as it would be for that reader. Returns the bytes that came
 * through and the command's exit code.
 */
export async function runCliThroughPipe(args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  const script = '{ "$@"; echo "paramscope exited $?" >&2; } | { dd bs=1 count=1 2>/dev/null; sleep 1; cat; }'
  const child = spawn('sh', ['-c', script, 'sh', process.execPath, builtCli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: options.env })
  const chunks: Buffer[] = []
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => chunks.push(d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  await new Promise((ok) => child.on('close', ok))
  const exit = /paramscope exited (\d+)\n$/.exec(stderr)
  return { code: exit ? Number(exit[1]) : null, stdout: Buffer.concat(chunks), stderr: stderr.slice(0, exit?.index) }
}

/** Runs `paramscope ARGS…` with stdout into a file: the output a pipe must also carry whole. */
export function runCliToFile(args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-out-'))
  const file = join(dir, 'stdout')
  const fd = openSync(file, 'w')
  try {
    const r = spawnSync(process.execPath, [builtCli, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60000, env: options.env })
    return { code: r.status, stdout: readFileSync(file), stderr: r.stderr }
  } finally {
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  }
}
