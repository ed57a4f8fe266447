/** What the CLI tests share: the built command, run as a user runs it. */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
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
