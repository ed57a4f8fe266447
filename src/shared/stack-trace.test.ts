import { describe, expect, it } from 'vitest'
import { withoutStack } from './stack-trace'

describe('withoutStack', () => {
  it('keeps the words of an error and drops its frames', () => {
    const err = new Error('The target column "y" is not in the file')
    expect(withoutStack(err.stack!)).toBe('Error: The target column "y" is not in the file')
    expect(withoutStack('Bad shape [3, 4]\nexpected [3, 5]\n    at run (/app/out/main/trainer.js:10:5)\n    at next (node:internal/x:1:1)')).toBe('Bad shape [3, 4]\nexpected [3, 5]')
  })

  it('leaves a message with no stack as it is', () => {
    expect(withoutStack('Disk full at /data')).toBe('Disk full at /data')
    expect(withoutStack('')).toBe('')
  })
})
