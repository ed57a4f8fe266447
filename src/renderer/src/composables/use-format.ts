import { useI18n } from 'vue-i18n'

/** Milliseconds -> whole hours, minutes and seconds. */
export function splitDuration(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.floor(ms / 1000))
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 }
}

/** Short, readable numbers for tables: 4 significant digits, exponent for tiny or huge values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (abs < 1e-3 || abs >= 1e6) return value.toExponential(2).replace(/\.?0+e/, 'e')
  return String(Number(value.toPrecision(4)))
}

/** A name as a file name on any system: runs of characters Windows or a shell would trip on become one `-`; `fallback` when nothing is left. */
export function fileStem(name: string, fallback: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || fallback
}

/** Date, duration and number formatting in the current UI language. */
export function useFormat() {
  const { t, locale } = useI18n()
  return {
    date(ms: number | null): string {
      if (ms === null) return t('common.none')
      return new Intl.DateTimeFormat(locale.value, { dateStyle: 'short', timeStyle: 'medium' }).format(ms)
    },
    duration(ms: number | null): string {
      if (ms === null) return t('common.none')
      const d = splitDuration(ms)
      if (d.h > 0) return t('duration.hours', { h: d.h, m: String(d.m).padStart(2, '0') })
      if (d.m > 0) return t('duration.minutes', { m: d.m, s: String(d.s).padStart(2, '0') })
      return t('duration.seconds', { s: d.s })
    },
    number: formatNumber
  }
}
