const frame = /^\s*at\s.+/
const nodeHeader = /^\s*(?:node:internal|file:\/\/).*$/

/**
 * The words of an error without its JavaScript stack: the frame lines ("    at f (file.js:1:2)")
 * and everything after the first of them. A user reads the reason; the trace is for a debug log.
 */
export function withoutStack(text: string): string {
  const lines = text.split('\n')
  const first = lines.findIndex((line) => frame.test(line) || nodeHeader.test(line))
  return (first < 0 ? lines : lines.slice(0, first)).join('\n').trimEnd()
}
