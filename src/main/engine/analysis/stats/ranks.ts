/** Ranks 1..n with ties given their average rank (as Spearman's correlation needs). */
export function ranks(a: ArrayLike<number>): Float64Array {
  const n = a.length
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i] - a[j])
  const r = new Float64Array(n)
  for (let i = 0; i < n; ) {
    let j = i
    while (j + 1 < n && a[order[j + 1]] === a[order[i]]) j++
    const avg = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) r[order[k]] = avg
    i = j + 1
  }
  return r
}
