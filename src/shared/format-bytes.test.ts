import { describe, expect, it } from 'vitest'
import { formatBytes } from './format-bytes'

describe('formatBytes', () => {
  it('writes bytes whole and larger sizes in binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.50 KB')
    expect(formatBytes(200 * 1024 ** 2)).toBe('200 MB')
    expect(formatBytes(3 * 1024 ** 5)).toBe('3.07e+3 TB')
    expect(formatBytes(-5)).toBe('0 B')
  })
})
