/**
 * Text helpers of the Trainers page, pure so they are tested without a window: the command a
 * user types for a draft, and files sent to the engine as base64.
 */

/**
 * The arguments of a command as typed: one per line when there are several lines; a single line
 * is split on spaces, with "double" or 'single' quotes keeping spaces inside one argument and a
 * backslash keeping the next character as it is. Nothing is expanded: no shell reads it.
 */
export function splitCommand(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  if (lines.length > 1) return lines.map((l) => l.trim())
  const line = lines[0] ?? ''
  const args: string[] = []
  let current = ''
  let started = false
  let quote: '"' | "'" | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = null
      else if (c === '\\' && quote === '"' && i + 1 < line.length) current += line[++i]
      else current += c
    } else if (c === '"' || c === "'") {
      quote = c
      started = true
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i]
      started = true
    } else if (/\s/.test(c)) {
      if (started) args.push(current)
      current = ''
      started = false
    } else {
      current += c
      started = true
    }
  }
  if (started) args.push(current)
  return args
}

/** Bytes as base64, a slice at a time: one call with millions of arguments overflows the stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  const slice = 0x8000
  for (let i = 0; i < bytes.length; i += slice) binary += String.fromCharCode(...bytes.subarray(i, i + slice))
  return btoa(binary)
}

/** Text as UTF-8 base64, the way a file holding it would be sent. */
export const textToBase64 = (text: string): string => bytesToBase64(new TextEncoder().encode(text))

/** A file chosen by the user, as base64 (TensorBoard event files are binary). */
export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()))
}

/** A text for the user to save as a file: a download in the browser and in the desktop app alike. */
export function downloadText(name: string, text: string, type = 'application/yaml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  // The click has started the download; the URL is no longer needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
