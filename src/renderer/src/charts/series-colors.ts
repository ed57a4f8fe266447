/**
 * One colour per series key on a page, so `dense1` is the same colour in the gradient-norm, the
 * variance and the update-ratio charts, and `train` the same in the loss and accuracy charts.
 */

/** ECharts' own default palette, so pages without assigned colours look the same. */
export const palette = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc']

/** Families whose name ends in a layer: `grad_norm/dense1` is drawn as the series `dense1`. */
export const diagnosticFamilies = ['grad_norm', 'grad_norm_var', 'update_ratio'] as const
export type DiagnosticFamily = (typeof diagnosticFamilies)[number]

/** Keys that always take the first colours, in this order, whatever else the page draws. */
const leading = ['train', 'val', 'test', 'global', 'lr']

/** What a metric name is coloured by: its layer for diagnostics, its split for `train/…` and `val/…`. */
export function colorKey(name: string): string {
  const slash = name.indexOf('/')
  if (slash < 0) return name
  const head = name.slice(0, slash)
  return (diagnosticFamilies as readonly string[]).includes(head) ? name.slice(slash + 1) : head
}

/** Colours past the palette: spread around the hue circle by the golden angle, so none repeats. */
function extraColor(i: number): string {
  return `hsl(${Math.round((i * 137.508) % 360)}, 55%, 52%)`
}

/**
 * The colour of every metric name by its key: the leading keys first, then the others in natural
 * order (`dense2` before `dense10`). The same names give the same colours on every render.
 */
export function seriesColors(names: Iterable<string>): (name: string) => string {
  const keys = new Set<string>()
  for (const name of names) keys.add(colorKey(name))
  const ordered = [
    ...leading.filter((k) => keys.has(k)),
    ...[...keys].filter((k) => !leading.includes(k)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  ]
  const byKey = new Map(ordered.map((k, i) => [k, i < palette.length ? palette[i] : extraColor(i)]))
  return (name) => byKey.get(colorKey(name)) ?? palette[0]
}
