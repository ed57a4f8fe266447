import { describe, expect, it } from 'vitest'
import { fromDecimalComma, sniffDecimalComma } from './decimal-comma'

describe('decimal comma', () => {
  it('reads decimal-comma numbers, with thousands dots, as plain decimals', () => {
    expect(['3,14', '-0,5', '+2,0', '1.234,5', '12.345.678,25', '1.234', ' 7,5 ', '6,02e23'].map(fromDecimalComma)).toEqual([
      '3.14',
      '-0.5',
      '+2.0',
      '1234.5',
      '12345678.25',
      '1234',
      '7.5',
      '6.02e23'
    ])
  })

  it('leaves what is not such a number alone', () => {
    expect(['12', 'a,b', '1,2,3', '1.5', '0.123', '1.23,4', '1,', ',5', '3,14 €', ''].map(fromDecimalComma)).toEqual(new Array(10).fill(null))
  })

  it('takes a sample for decimal comma only when no number has a decimal point', () => {
    expect(sniffDecimalComma([['name', 'price'], ['a', '3,14'], ['b', '1.234,5']])).toBe(true)
    expect(sniffDecimalComma([['price', 'qty'], ['3,14', '1.234']])).toBe(true)
    expect(sniffDecimalComma([['price', 'qty'], ['3,14', '2.5']])).toBe(false)
    expect(sniffDecimalComma([['name', 'tags'], ['a', 'x,y'], ['b', '12']])).toBe(false)
  })
})
