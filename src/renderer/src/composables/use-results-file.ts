import { ref } from 'vue'
import { useFileSource } from './use-file-source'

/**
 * Turns a dropped or chosen CSV of results into a path the engine reads: the file's own path in
 * the desktop app, an upload to `paramscope serve` in a browser (as dataset drops do).
 */
export function useResultsFile(onPath: (path: string, name: string) => void) {
  const files = useFileSource()
  const uploading = ref<string | null>(null)
  const error = ref<unknown>(null)
  let controller: AbortController | null = null

  async function load(file: File): Promise<void> {
    // A second file replaces a first still on its way.
    controller?.abort()
    const mine = (controller = new AbortController())
    uploading.value = file.name
    error.value = null
    try {
      const path = await files.pathOf(file, mine.signal)
      if (!mine.signal.aborted) onPath(path, file.name)
    } catch (err) {
      if (!mine.signal.aborted) error.value = err
    } finally {
      if (controller === mine) {
        uploading.value = null
        controller = null
      }
    }
  }

  return { uploading, error, load }
}
