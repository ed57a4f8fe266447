import { describe, expect, it } from 'vitest'
import { SEED_STREAMS, streamSeed, stretchSeed, type SeedStream } from './seeds'

describe('seed streams', () => {
  it('never give two streams, or two stretches of one stream, of a run the same seed', () => {
    const streams = Object.keys(SEED_STREAMS) as SeedStream[]
    for (const seed of [0, 42, 123456]) {
      const seen = new Map<number, string>()
      for (const stream of streams)
        for (let stretch = 0; stretch < 1000; stretch++) {
          const value = stretchSeed(seed, stream, stretch)
          expect(seen.get(value), `${stream} ${stretch}`).toBeUndefined()
          seen.set(value, `${stream} ${stretch}`)
        }
    }
  })

  it('start each stream at its own offset from the run seed', () => {
    expect(new Set(Object.values(SEED_STREAMS)).size).toBe(Object.keys(SEED_STREAMS).length)
    expect(streamSeed(42, 'init')).toBe(42 + SEED_STREAMS.init)
    expect(stretchSeed(42, 'order', 0)).toBe(streamSeed(42, 'order'))
  })
})
