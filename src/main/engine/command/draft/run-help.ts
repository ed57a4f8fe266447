import { execFile } from 'node:child_process'
import { statSync } from 'node:fs'
import { AppError } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { whichOnPath } from '../invocation'

/**
 * A Hugging Face script imports torch and transformers before it parses a flag: its `--help` took
 * 33 s on two busy cores here (4–5 s on a quiet machine), so the wait is long.
 */
export const HELP_TIMEOUT_MS = 120_000
/** More than any real help (Hugging Face's is ~40 KB); a program that prints on and on is cut here. */
export const HELP_MAX_BYTES = 4 * 1024 * 1024

export interface HelpOutput {
  /** What the command printed on stdout, else on stderr (some tools print their help there). */
  text: string
  /** The exit code; null when the output was cut at HELP_MAX_BYTES. */
  code: number | null
  /** The last lines it printed, for a comment when it did not exit 0. */
  tail: string
}

export interface RunHelpOptions {
  cwd?: string
  timeoutMs?: number
  /** Finds `python3`/`node` for `${python}`/`${node}`; tests inject one. */
  which?: (name: string) => string | null
}

/** The program a command starts: `${python}` and `${node}` as the launcher finds them on PATH. */
export function resolveProgram(first: string, which: (name: string) => string | null = (n) => whichOnPath(n)): string {
  if (first === '${python}') {
    const python = which('python3') ?? which('python')
    if (!python) throw AppError.coded('UNSUPPORTED', msg('commandTrainers.invocation.noPython'))
    return python
  }
  if (first === '${node}') {
    const node = which('node')
    if (!node) throw AppError.coded('UNSUPPORTED', msg('commandTrainers.invocation.noNode'))
    return node
  }
  return first
}

const lastLines = (text: string, n = 3) => text.trimEnd().split('\n').slice(-n).join(' ⏎ ').slice(-400)

/**
 * Runs `command --help` with no shell, in `cwd`, for at most 120 s and 4 MiB of output, and returns
 * what it printed. A program that cannot start, or that does not finish in time, is a coded
 * INVALID_INPUT naming it; a non-zero exit is not an error (the help may still be there).
 */
export function runHelp(command: string[], options: RunHelpOptions = {}): Promise<HelpOutput> {
  const program = resolveProgram(command[0]!, options.which)
  // `${args}` is where the parameters go when the trainer runs; --help takes its place here.
  const args = [...command.slice(1).filter((a) => a !== '${args}' && a !== '${args_hydra}'), '--help']
  const timeoutMs = options.timeoutMs ?? HELP_TIMEOUT_MS
  if (options.cwd !== undefined) {
    let isDir = false
    try {
      isDir = statSync(options.cwd).isDirectory()
    } catch {
      // Missing: said below.
    }
    if (!isDir) throw AppError.coded('INVALID_INPUT', msg('commandDraft.noCwd', { cwd: options.cwd, program: command[0]! }))
  }
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      {
        cwd: options.cwd,
        // Wide enough that argparse wraps little; UTF-8 whatever the locale.
        env: { ...process.env, COLUMNS: '120', PYTHONIOENCODING: 'utf-8' },
        shell: false,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: HELP_MAX_BYTES,
        encoding: 'utf8',
        windowsHide: true
      },
      (err, stdout, stderr) => {
        const text = stdout.trim() ? stdout : stderr
        if (!err) return resolve({ text, code: 0, tail: '' })
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string | null }
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ text, code: null, tail: '' })
        if (typeof e.code === 'number') return resolve({ text, code: e.code, tail: lastLines(stderr || stdout) })
        if (e.signal && !e.killed) return resolve({ text, code: null, tail: lastLines(stderr || stdout) })
        // The message names the script too (`python3 train.py --help`), not only the interpreter.
        const shown = [command[0]!, ...args.slice(0, -1)].join(' ')
        if (e.killed) return reject(AppError.coded('INVALID_INPUT', msg('commandDraft.timedOut', { program: shown, seconds: Math.round(timeoutMs / 1000) })))
        reject(AppError.coded('INVALID_INPUT', msg('commandDraft.notStarted', { program, reason: e.message })))
      }
    )
  })
}
