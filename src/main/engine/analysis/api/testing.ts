import { writeFileSync } from 'node:fs'
import type { ParamValue } from '../../../../shared/schemas/params'
import { Rng } from '../../random'
import { makeDesign, type DesignRequest } from '../../studies/design'
import { parseSpace } from '../../studies/space'

/** Test tables: designs over a space written to CSV with a computed target, as a user would. */
export const ishigamiSpace = {
  params: Object.fromEntries(['x1', 'x2', 'x3'].map((n) => [n, { type: 'float', low: -Math.PI, high: Math.PI }]))
}

/** Ishigami with a = 7, b = 0.1: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437. */
export const ishigami = ([x1, x2, x3]: number[]): number => Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1)

const cell = (v: ParamValue | number): string => String(v)

export function writeCsv(path: string, header: string[], rows: (ParamValue | number)[][]): string {
  writeFileSync(path, `${[header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`)
  return path
}

/** A design over `space` with its target as the last column `y`. */
export function writeDesignCsv(path: string, space: object, request: DesignRequest, f: (x: ParamValue[]) => number): string {
  const d = makeDesign(parseSpace(space), request)
  return writeCsv(path, [...d.names, 'y'], d.rows.map((r) => [...r, f(r)]))
}

/** n random trials of named uniform parameters with y = f(x) + noise. */
export function randomRows(n: number, names: string[], f: (x: number[]) => number, seed: number, noise = 0): number[][] {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => {
    const x = names.map(() => rng.next())
    return [...x, f(x) + noise * rng.normal()]
  })
}
