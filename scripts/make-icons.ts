/**
 * Renders resources/icon.svg into every icon the platforms ask for: PNGs for Linux and the
 * window (resources/icons/NxN.png), a multi-size icon.ico for Windows and an icon.icns for macOS.
 *
 *   npx tsx scripts/make-icons.ts          writes the files
 *   npx tsx scripts/make-icons.ts --check  exits 1 when a committed file differs from a fresh render
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'

export const resourcesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../resources')

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
/** Windows draws 16–256 px; 256 is the largest an ICO entry can say it is. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
/** The PNG-holding ICNS types: ic07–ic10 at 1x, ic11–ic14 as the @2x of 16–512 pt. */
export const ICNS_ENTRIES: [type: string, size: number][] = [
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512]
]

export const pngName = (size: number): string => `icons/${size}x${size}.png`

export function renderPng(svg: Buffer | string, size: number): Buffer {
  // No text in the icon, so no system fonts: the render is the same on every machine.
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng()
}

/** ICO: a 6-byte header, one 16-byte entry per image, then the images; PNG entries since Vista. */
export function icoFile(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // 1 = icon, 2 = cursor
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, at) // 0 stands for 256
    header.writeUInt8(size >= 256 ? 0 : size, at + 1)
    header.writeUInt8(0, at + 2) // no palette
    header.writeUInt8(0, at + 3)
    header.writeUInt16LE(1, at + 4) // colour planes
    header.writeUInt16LE(32, at + 6) // bits per pixel
    header.writeUInt32LE(png.length, at + 8)
    header.writeUInt32LE(offset, at + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...images.map((image) => image.png)])
}

/** ICNS: 'icns' and the file length, then per image its 4-byte type, its length with header, the PNG. */
export function icnsFile(images: { type: string; png: Buffer }[]): Buffer {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + chunks.reduce((sum, c) => sum + c.length, 0), 4)
  return Buffer.concat([head, ...chunks])
}

/** Every generated file by its path under resources/. */
export function makeIcons(svg: Buffer | string): Map<string, Buffer> {
  const pngs = new Map(PNG_SIZES.map((size) => [size, renderPng(svg, size)]))
  const files = new Map<string, Buffer>()
  for (const [size, png] of pngs) files.set(pngName(size), png)
  files.set('icon.ico', icoFile(ICO_SIZES.map((size) => ({ size, png: pngs.get(size)! }))))
  files.set('icon.icns', icnsFile(ICNS_ENTRIES.map(([type, size]) => ({ type, png: pngs.get(size)! }))))
  return files
}

async function main(check: boolean): Promise<void> {
  const files = makeIcons(await readFile(join(resourcesDir, 'icon.svg')))
  const stale: string[] = []
  for (const [name, bytes] of files) {
    const path = join(resourcesDir, name)
    if (check) {
      const current = await readFile(path).catch(() => null)
      if (!current?.equals(bytes)) stale.push(name)
      continue
    }
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, bytes)
  }
  if (stale.length > 0) {
    console.error(`Out of date with resources/icon.svg: ${stale.join(', ')}. Run npx tsx scripts/make-icons.ts`)
    process.exitCode = 1
  } else {
    console.log(`${check ? 'Checked' : 'Wrote'} ${files.size} files under resources/`)
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.includes('--check')).catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
}
