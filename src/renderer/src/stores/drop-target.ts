import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

/** A page that takes files dropped on the window for itself instead of importing them as datasets. */
export interface DropClaim {
  /** Overlay text while files are dragged over the window, read each time (the language may change). */
  title(): string
  hint(): string
  onFiles(files: File[]): void
}

/**
 * Who gets files dropped on the window. By default they are imported as datasets; a page such as
 * Analysis, where a dropped CSV is a table of results, claims drops while it is shown.
 */
export const useDropTargetStore = defineStore('drop-target', () => {
  const claim = shallowRef<DropClaim | null>(null)

  /** Takes drops until the returned function is called (on unmount). */
  function take(next: DropClaim): () => void {
    claim.value = next
    return () => {
      if (claim.value === next) claim.value = null
    }
  }

  return { claim, take }
})
