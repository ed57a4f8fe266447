/**
 * The little dense linear algebra the response surface needs: least squares by Householder QR
 * (stable where normal equations square the condition number), a small linear solve, and the
 * eigenvalues of a symmetric matrix by cyclic Jacobi rotations.
 */

/** Least-squares β minimising ‖Xβ − y‖ for X given as rows (n × k, n ≥ k); null if rank-deficient. */
export function leastSquares(rows: number[][], y: ArrayLike<number>): Float64Array | null {
  const n = rows.length
  const k = rows[0].length
  const a = rows.map((r) => Float64Array.from(r))
  const b = Float64Array.from(y)
  const diag = new Float64Array(k)
  for (let j = 0; j < k; j++) {
    let norm = 0
    for (let i = j; i < n; i++) norm += a[i][j] ** 2
    norm = Math.sqrt(norm)
    let colScale = 0
    for (let i = 0; i < n; i++) colScale = Math.max(colScale, Math.abs(a[i][j]))
    if (norm <= 1e-12 * Math.max(1, colScale) * Math.sqrt(n)) return null
    const alpha = a[j][j] > 0 ? -norm : norm
    const v = new Float64Array(n)
    v[j] = a[j][j] - alpha
    for (let i = j + 1; i < n; i++) v[i] = a[i][j]
    let vv = 0
    for (let i = j; i < n; i++) vv += v[i] * v[i]
    if (vv === 0) {
      diag[j] = alpha
      continue
    }
    for (let c = j; c < k; c++) {
      let s = 0
      for (let i = j; i < n; i++) s += v[i] * a[i][c]
      s = (2 * s) / vv
      for (let i = j; i < n; i++) a[i][c] -= s * v[i]
    }
    let s = 0
    for (let i = j; i < n; i++) s += v[i] * b[i]
    s = (2 * s) / vv
    for (let i = j; i < n; i++) b[i] -= s * v[i]
    diag[j] = a[j][j]
  }
  const beta = new Float64Array(k)
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j]
    for (let c = j + 1; c < k; c++) s -= a[j][c] * beta[c]
    beta[j] = s / diag[j]
  }
  return beta
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when A is singular. */
export function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length
  const m = A.map((r, i) => [...r, b[i]])
  for (let c = 0; c < n; c++) {
    let piv = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r
    if (Math.abs(m[piv][c]) < 1e-14) return null
    ;[m[c], m[piv]] = [m[piv], m[c]]
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c]
      for (let q = c; q <= n; q++) m[r][q] -= f * m[c][q]
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n]
    for (let q = r + 1; q < n; q++) s -= m[r][q] * x[q]
    x[r] = s / m[r][r]
  }
  return x
}

/** Eigenvalues of a symmetric matrix, ascending. */
export function symmetricEigenvalues(S: number[][]): number[] {
  const n = S.length
  const a = S.map((r) => [...r])
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i][j] ** 2
    if (off < 1e-24) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k][p]
          const akq = a[k][q]
          a[k][p] = c * akp - s * akq
          a[k][q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k]
          const aqk = a[q][k]
          a[p][k] = c * apk - s * aqk
          a[q][k] = s * apk + c * aqk
        }
      }
    }
  }
  return a.map((r, i) => r[i]).sort((x, y) => x - y)
}
