import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { denseCounts, distinctCharacters, lineStats, MB, memoryEstimate, parameterBytes, RUNTIME_BYTES } from './memory'

const file = (name: string, text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'paramscope-memory-')), name)
  writeFileSync(path, text)
  return path
}

describe('memory estimate pieces', () => {
  it('counts lines and finds the longest across read chunks, a last line without a break included', async () => {
    const long = 'x'.repeat(200_000)
    const stats = await lineStats(file('t.csv', `a,b\n1,2\n"${long}",3\n4,5\n6,7`))
    expect(stats).toEqual({ lines: 5, longest: long.length + 4, longestText: `"${long}",3` })
    expect(await lineStats(file('e.txt', ''))).toEqual({ lines: 0, longest: 0, longestText: '' })
  })

  it('counts distinct characters, those outside the basic plane as one each', async () => {
    expect(await distinctCharacters(file('t.txt', 'abba 中文中 😀😀 a'))).toBe(6)
  })

  it('counts dense layers and charges trainable parameters by optimizer state, LoRA’s frozen base far less', () => {
    expect(denseCounts(10, 64, 2, 3)).toEqual({ total: 10 * 64 + 64 + 64 * 64 + 64 + 64 * 3 + 3, matrices: [[10, 64], [64, 64], [64, 3]] })
    const counts = denseCounts(1000, 1000, 4, 10)
    const adamw = parameterBytes({ 'optimizer.name': 'adamw' }, counts)
    const sgd = parameterBytes({ 'optimizer.name': 'sgd', 'optimizer.momentum': 0.9 }, counts)
    const lora = parameterBytes({ 'optimizer.name': 'adamw', 'lora.rank': 8 }, counts)
    expect(adamw).toBeGreaterThan(sgd)
    expect(sgd).toBeGreaterThan(counts.total * 4 * 8)
    expect(lora).toBeLessThan(adamw / 2)
    expect(parameterBytes({ 'optimizer.name': 'adamw', 'runtime.steps_per_run': 4 }, counts, { chained: true })).toBeGreaterThan(adamw)
  })

  it('adds the runtime to the parts and leaves out empty ones', () => {
    const e = memoryEstimate([{ what: 'data', bytes: 10.5 * MB, fields: [] }, { what: 'activations', bytes: 0, fields: ['data.batch_size'] }])
    expect(e.parts.map((p) => p.what)).toEqual(['runtime', 'data'])
    expect(e.bytes).toBe(RUNTIME_BYTES + 10.5 * MB)
  })
})
