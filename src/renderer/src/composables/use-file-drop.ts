import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files')
}

/**
 * Makes the whole window a drop target for files: `isOver` is true while files are dragged over
 * it (for the overlay), and `onFiles` gets the dropped files. Drags of text or links inside the
 * page are left alone. Without this the browser would open a dropped file in place of the app.
 */
export function useFileDrop(onFiles: (files: File[]) => void, target: () => Window = () => window): { isOver: Ref<boolean> } {
  const isOver = ref(false)
  // dragenter/dragleave fire for every child element crossed; count them to know when we left.
  let depth = 0

  const enter = (e: DragEvent): void => {
    if (!carriesFiles(e)) return
    e.preventDefault()
    depth++
    isOver.value = true
  }
  const over = (e: DragEvent): void => {
    if (!carriesFiles(e)) return
    e.preventDefault()
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
  }
  const leave = (e: DragEvent): void => {
    if (!carriesFiles(e)) return
    depth = Math.max(0, depth - 1)
    if (depth === 0) isOver.value = false
  }
  const drop = (e: DragEvent): void => {
    depth = 0
    isOver.value = false
    if (!carriesFiles(e)) return
    e.preventDefault()
    const files = Array.from(e.dataTransfer?.files ?? [])
    if (files.length > 0) onFiles(files)
  }
  const listeners = { dragenter: enter, dragover: over, dragleave: leave, drop } as const

  onMounted(() => {
    for (const [name, fn] of Object.entries(listeners)) target().addEventListener(name, fn as EventListener)
  })
  onBeforeUnmount(() => {
    for (const [name, fn] of Object.entries(listeners)) target().removeEventListener(name, fn as EventListener)
  })
  return { isOver }
}
