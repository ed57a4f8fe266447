import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ICNS_ENTRIES, ICO_SIZES, makeIcons, PNG_SIZES, pngName, resourcesDir } from './make-icons'

const committed = (name: string): Buffer => readFileSync(join(resourcesDir, name))

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
  expect(png.toString('latin1', 12, 16)).toBe('IHDR')
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

function readIco(ico: Buffer): { size: number; png: Buffer }[] {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i
    const [length, offset] = [ico.readUInt32LE(at + 8), ico.readUInt32LE(at + 12)]
    return { size: ico.readUInt8(at) || 256, png: ico.subarray(offset, offset + length) }
  })
}

function readIcns(icns: Buffer): { type: string; png: Buffer }[] {
  expect(icns.toString('latin1', 0, 4)).toBe('icns')
  expect(icns.readUInt32BE(4)).toBe(icns.length)
  const entries: { type: string; png: Buffer }[] = []
  for (let at = 8; at < icns.length; ) {
    const length = icns.readUInt32BE(at + 4)
    entries.push({ type: icns.toString('latin1', at, at + 4), png: icns.subarray(at + 8, at + length) })
    at += length
  }
  return entries
}

describe('resources/ icons', () => {
  it('has a PNG of each size with those dimensions', () => {
    for (const size of PNG_SIZES) expect(pngSize(committed(pngName(size)))).toEqual([size, size])
  })

  it('packs the Windows sizes into icon.ico as PNG entries that parse back', () => {
    const entries = readIco(committed('icon.ico'))
    expect(entries.map((e) => e.size)).toEqual(ICO_SIZES)
    for (const { size, png } of entries) {
      expect(pngSize(png)).toEqual([size, size])
      expect(png.equals(committed(pngName(size)))).toBe(true)
    }
  })

  it('packs the macOS sizes into icon.icns as PNG entries that parse back', () => {
    const entries = readIcns(committed('icon.icns'))
    expect(entries.map((e) => [e.type, pngSize(e.png)[0]])).toEqual(ICNS_ENTRIES)
  })

  it('matches a fresh render of icon.svg byte for byte', () => {
    const fresh = makeIcons(committed('icon.svg'))
    const stale = [...fresh].filter(([name, bytes]) => !bytes.equals(committed(name))).map(([name]) => name)
    // On a mismatch: npx tsx scripts/make-icons.ts, and commit the result with the SVG.
    expect(stale).toEqual([])
  })
})
