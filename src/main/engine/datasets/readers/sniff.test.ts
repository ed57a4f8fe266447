import { describe, expect, it } from 'vitest'
import { sampleRecords, sniffDelimiter, sniffHeader } from './sniff'

describe('sniffDelimiter', () => {
  it('picks the delimiter with a steady count per line, ignoring quoted ones', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',')
    expect(sniffDelimiter('a;b\n"1,5";2\n"2,5";3\n')).toBe(';')
    expect(sniffDelimiter('a\tb\n1,2\t3\n4\t5,6\n')).toBe('\t')
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|')
    expect(sniffDelimiter('single\ncolumn\n')).toBe(',')
  })
})

describe('sniffHeader', () => {
  const header = (text: string): boolean => sniffHeader(sampleRecords(text, ',', 'f.csv'))
  it('sees a header above numbers and none when the first row is data', () => {
    expect(header('x,y\n1,2\n3,4\n')).toBe(true)
    expect(header('1,2\n3,4\n5,6\n')).toBe(false)
    expect(header('code,n\nAB,1\nCD,2\n')).toBe(true)
    expect(header('text,label\nhello there,pos\nbye,neg\n')).toBe(true)
  })
})
