/**
 * How the command ends. On a pipe, stdout and stderr are written asynchronously: what the reader
 * has not taken yet waits in this process, and `process.exit` would drop it (a `--json` cut at the
 * pipe's 64 KiB). So the exit waits until both streams have handed everything to the system.
 */

/** A reader that went away (`| head`) or a terminal that hung up: nothing more can be shown. */
function ignoreStreamErrors(stream: NodeJS.WriteStream): void {
  stream.on('error', () => undefined)
}

/** Called once at start: a closed pipe must not turn into an uncaught error mid-command. */
export function guardOutput(): void {
  ignoreStreamErrors(process.stdout)
  ignoreStreamErrors(process.stderr)
}

/** Resolves once everything written to `stream` so far has reached the system (or cannot). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve()
  // Writes complete in order, so an empty write's callback runs after every earlier one's.
  return new Promise((resolve) => stream.write('', () => resolve()))
}

/** Exits with `code` once stdout and stderr have drained. */
export async function exitWhenFlushed(code: number): Promise<never> {
  process.exitCode = code
  await Promise.all([flushed(process.stdout), flushed(process.stderr)])
  process.exit(code)
}
