#!/usr/bin/env node
// A ParamScope example trainer with no dependencies: noisy gradient descent on a quadratic bowl.
// Parameters come as `--key=value` arguments (the `${args}` macro); metrics go to stdout as
// `paramscope: {json}` lines. Run it alone: `node train.js --lr=0.05 --steps=50`.
'use strict'

const defaults = { lr: 0.05, steps: 100, momentum: 0, noise: 0.1, condition: 10, seed: 0 }

/** `--key=value` arguments as numbers where they read as numbers; anything else is refused. */
function readArgs(argv) {
  const got = {}
  for (const a of argv) {
    const m = /^--([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(a)
    if (!m) {
      console.error(`node-quadratic: expected --key=value, got ${JSON.stringify(a)}`)
      process.exit(2)
    }
    const n = Number(m[2])
    got[m[1]] = m[2].trim() !== '' && Number.isFinite(n) ? n : m[2]
  }
  return got
}

const received = readArgs(process.argv.slice(2))
const p = { ...defaults, ...received }
for (const k of Object.keys(defaults)) {
  if (typeof p[k] !== 'number') {
    console.error(`node-quadratic: --${k} must be a number, got ${JSON.stringify(p[k])}`)
    process.exit(2)
  }
}
// What it was given, as one JSON line, so a test (or a person) can see every parameter arrived.
console.log(`received ${JSON.stringify(received)}`)
console.log(`run ${process.env.PARAMSCOPE_RUN_ID ?? '(outside ParamScope)'}`)

// mulberry32, then Box-Muller: the same seed gives the same run on every machine.
let state = p.seed >>> 0
function uniform() {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())

// loss(w) = ½ Σ hᵢ wᵢ², curvatures from 1 to `condition`; the gradient is seen with Gaussian noise.
const dims = 4
const h = Array.from({ length: dims }, (_, i) => 1 + ((p.condition - 1) * i) / (dims - 1))
const w = Array.from({ length: dims }, () => 2 + normal())
const v = new Array(dims).fill(0)
const loss = () => 0.5 * w.reduce((s, wi, i) => s + h[i] * wi * wi, 0)

console.log(`paramscope: ${JSON.stringify({ step: 0, loss: loss() })}`)
for (let step = 1; step <= p.steps; step++) {
  for (let i = 0; i < dims; i++) {
    const g = h[i] * w[i] + p.noise * normal()
    v[i] = p.momentum * v[i] + g
    w[i] -= p.lr * v[i]
  }
  const l = loss()
  // JSON has no Infinity or NaN; the reader takes them bare, as Python's json module writes them.
  console.log(`paramscope: {"step": ${step}, "loss": ${Number.isFinite(l) ? JSON.stringify(l) : String(l)}}`)
  if (!Number.isFinite(l)) {
    console.error('node-quadratic: the loss diverged; lower --lr')
    process.exit(1)
  }
}
