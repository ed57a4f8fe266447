import { describe, expect, it } from 'vitest'
import { parsePythonLiteral } from './python-literal'

describe('parsePythonLiteral', () => {
  it('reads the dicts a Hugging Face Trainer prints', () => {
    expect(parsePythonLiteral("{'loss': 1.94, 'grad_norm': 3.2, 'learning_rate': 3.8e-05, 'epoch': 0.68}")).toEqual({ loss: 1.94, grad_norm: 3.2, learning_rate: 3.8e-5, epoch: 0.68 })
    expect(parsePythonLiteral("{'loss': '0.6927', 'epoch': '1'}")).toEqual({ loss: '0.6927', epoch: '1' })
  })

  it('reads nan, inf, True/False/None, tuples, escapes and NumPy scalars', () => {
    const v = parsePythonLiteral('{\'a\': nan, "b": -inf, \'c\': True, \'d\': None, \'e\': (1, 2,), \'f\': \'it\\\'s\', \'g\': np.float64(0.25), \'h\': 1_000, \'i\': -1.5E+3}') as Record<string, unknown>
    expect(v.a).toBeNaN()
    expect(v).toMatchObject({ b: -Infinity, c: true, d: null, e: [1, 2], f: "it's", g: 0.25, h: 1000, i: -1500 })
  })

  it('reads JSON with NaN and Infinity as json.dumps writes them', () => {
    expect(parsePythonLiteral('{"step": 3, "loss": NaN, "x": [true, false, null], "u": "\\u00e9"}')).toMatchObject({ step: 3, x: [true, false, null], u: 'é' })
  })

  it('refuses what is not a literal, evaluating nothing', () => {
    for (const bad of ["{'a': os.system('x')}", "{'a': 1", "{'a' 1}", '__import__("os")', "{'a': 1} trailing", "{'a': 1e}", "'unterminated"]) {
      expect(() => parsePythonLiteral(bad), bad).toThrow(SyntaxError)
    }
  })
})
