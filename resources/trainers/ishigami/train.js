#!/usr/bin/env node
// A ParamScope test-function trainer: it "trains" nothing and reports an analytic function of its
// parameters as the metric `y` (one line, step 1), so a sensitivity study over it has a known
// answer. Parameters arrive as `--key=value` arguments. Run it alone:
//   node train.js --function=ishigami --x1=1 --x2=2 --x3=3
'use strict'

const defaults = { function: 'ishigami', x1: 0, x2: 0, x3: 0, a: 7, b: 0.1, u1: 0.5, u2: 0.5, u3: 0.5, u4: 0.5, g_a1: 0, g_a2: 1, g_a3: 4.5, g_a4: 9 }

const p = { ...defaults }
for (const a of process.argv.slice(2)) {
  const m = /^--([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a)
  if (!m || !(m[1] in defaults)) {
    console.error(`ishigami: unknown argument ${JSON.stringify(a)}`)
    process.exit(2)
  }
  if (m[1] === 'function') p.function = m[2]
  else {
    p[m[1]] = Number(m[2])
    if (m[2].trim() === '' || !Number.isFinite(p[m[1]])) {
      console.error(`ishigami: --${m[1]} must be a number, got ${JSON.stringify(m[2])}`)
      process.exit(2)
    }
  }
}

/** Ishigami & Homma (1990): sin x1 + a sin² x2 + b x3⁴ sin x1, with x on [−π, π]. */
const ishigami = ({ x1, x2, x3, a, b }) => Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1)

/** Sobol' G function: Π (|4u − 2| + aᵢ) / (1 + aᵢ), with u on [0, 1]; a small aᵢ makes uᵢ important. */
const sobolG = (q) =>
  [1, 2, 3, 4].reduce((prod, i) => prod * ((Math.abs(4 * q[`u${i}`] - 2) + q[`g_a${i}`]) / (1 + q[`g_a${i}`])), 1)

let y
if (p.function === 'ishigami') y = ishigami(p)
else if (p.function === 'sobol-g') y = sobolG(p)
else {
  console.error(`ishigami: --function must be ishigami or sobol-g, got ${JSON.stringify(p.function)}`)
  process.exit(2)
}
console.log(`paramscope: ${JSON.stringify({ step: 1, y })}`)
