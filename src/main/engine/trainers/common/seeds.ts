/**
 * The random streams of a run. Each stream adds its own offset to the run's seed, so the split,
 * the initial weights, the batch order and every kind of mask never share draws; one table for
 * every trainer, so a new stream cannot reuse another's offset by accident.
 */
export const SEED_STREAMS = {
  init: 0x1000,
  order: 0x2000,
  dropout: 0x3000,
  lora: 0x4000,
  loraMask: 0x5000,
  sample: 0x6000
} as const

export type SeedStream = keyof typeof SEED_STREAMS

/** Stretches of a run (epochs, or the steps between evaluations) are this far apart within a stream. */
const STRETCH_STRIDE = 0x10000

/** The seed of `stream` for the run's whole length (init, LoRA, the sample). */
export const streamSeed = (seed: number, stream: SeedStream): number => seed + SEED_STREAMS[stream]

/**
 * The seed of `stream` for one stretch of the run: each epoch (or stretch between evaluations)
 * draws its order and masks afresh, so a run resumed at a stretch boundary repeats exactly.
 */
export const stretchSeed = (seed: number, stream: SeedStream, stretch: number): number => streamSeed(seed, stream) + stretch * STRETCH_STRIDE
