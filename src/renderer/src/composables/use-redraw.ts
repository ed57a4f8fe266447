import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/** The longest a chart waits between redraws, however many points it holds. */
export const maxRedrawWaitMs = 1000

/**
 * Follows `version` (bumped by every metric batch, ten times a second on a live run), but at most
 * once per `cost()` / 20 ms: a chart of 100 points redraws with every batch, one of 12,000 points
 * twice a second, so a page of several charts keeps up with a fast run. The first change after a
 * quiet spell goes through at once.
 */
export function useRedraw(version: () => number, cost: () => number): Ref<number> {
  const drawn = ref(version())
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined

  const draw = (): void => {
    timer = undefined
    last = performance.now()
    drawn.value = version()
  }

  watch(version, () => {
    if (timer !== undefined) return
    const wait = Math.min(maxRedrawWaitMs, cost() / 20) - (performance.now() - last)
    if (wait <= 0) draw()
    else timer = setTimeout(draw, wait)
  })

  onBeforeUnmount(() => clearTimeout(timer))
  return drawn
}
