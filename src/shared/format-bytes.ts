/** Sizes in binary units with 3 significant digits, as the engine's messages and the UI write them: 512 B, 1.50 MB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toPrecision(3)} ${units[unit]}`
}
