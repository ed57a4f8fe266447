import { describe, expect, it } from 'vitest'
import { bytesToBase64, splitCommand, textToBase64 } from './trainer-text'

describe('splitCommand', () => {
  it('splits one line on spaces, quotes keeping spaces together', () => {
    expect(splitCommand('python3  train.py --name "my run" --note \'a b\' --x=\\"y\\"')).toEqual(['python3', 'train.py', '--name', 'my run', '--note', 'a b', '--x="y"'])
    expect(splitCommand('node "" x')).toEqual(['node', '', 'x'])
  })

  it('takes one argument per line when there are several lines, spaces and quotes as written', () => {
    expect(splitCommand('python3\n  train.py\n\n--msg=hello "world"\n')).toEqual(['python3', 'train.py', '--msg=hello "world"'])
  })

  it('leaves shell syntax as text', () => {
    expect(splitCommand('python3 train.py ; rm -rf ~ $(touch x)')).toEqual(['python3', 'train.py', ';', 'rm', '-rf', '~', '$(touch', 'x)'])
    expect(splitCommand('   ')).toEqual([])
  })
})

describe('base64', () => {
  it('encodes bytes across slices and text as UTF-8', () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 256)
    expect(Uint8Array.from(atob(bytesToBase64(bytes)), (c) => c.charCodeAt(0))).toEqual(bytes)
    expect(textToBase64('损失 loss=0.5\n')).toBe('5o2f5aSxIGxvc3M9MC41Cg==')
  })
})
