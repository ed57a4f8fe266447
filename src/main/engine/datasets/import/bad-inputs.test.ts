import { mkdtemp, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError, errorText } from '../../../../shared/errors'
import { formatMessage } from '../../../../shared/messages'
import { importFile } from './import-file'
import { badInputs } from './bad-inputs'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paramscope-bad-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e
  )
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`)
  return err
}

describe('bad input is refused with file, line and column', () => {
  for (const bad of badInputs) {
    it(`refuses ${bad.case}`, async () => {
      const path = join(dir, bad.file)
      await writeFile(path, bad.bytes())
      const err = await refusal(importFile(path, {}))
      expect(err.code).toBe('DATASET_INVALID')
      expect(err.message.startsWith(`${bad.file}: `)).toBe(true)
      expect(err.message).toMatch(bad.message)
      expect(err.details?.issues).toMatchObject([{ field: 'dataset', message: err.message }])
      // Coded, so the window and the CLI word it in Chinese too, the file name kept.
      expect(formatMessage('en', err.details!.message!)).toBe(err.message)
      const chinese = errorText(err.toJSON(), 'zh-CN')
      expect(chinese.startsWith(`${bad.file}：`)).toBe(true)
      expect(chinese).toMatch(/[\u4e00-\u9fff]/)
      if (bad.line !== undefined) expect(err.details?.line).toBe(bad.line)
      if (bad.column !== undefined) expect(err.details?.column).toBe(bad.column)
    })
  }

  it('refuses a file that does not exist', async () => {
    const err = await refusal(importFile(join(dir, 'nowhere.csv'), {}))
    expect(err.message).toBe('nowhere.csv: the file does not exist')
  })

  it('names a symbolic link loop as such, not as a missing file', async () => {
    await symlink(join(dir, 'loop-b.csv'), join(dir, 'loop-a.csv'))
    await symlink(join(dir, 'loop-a.csv'), join(dir, 'loop-b.csv'))
    const err = await refusal(importFile(join(dir, 'loop-a.csv'), {}))
    expect(err.code).toBe('DATASET_INVALID')
    expect(err.message).toBe('loop-a.csv: the path is a symbolic link loop: a link leads back to itself')
  })

  it('refuses a folder', async () => {
    const err = await refusal(importFile(join(dir, '..', dir.split('/').pop()!), {}))
    expect(err.message).toMatch(/not supported|not a regular file/)
  })
})

describe('a file that changes during import', () => {
  // Several chunks, so that the callback runs before the reading ends.
  const big = 'a,b\n' + '1,2\n'.repeat(800_000)

  it('refuses a file removed mid-import', async () => {
    const path = join(dir, 'removed.csv')
    await writeFile(path, big)
    let removed = false
    const err = await refusal(
      importFile(path, {
        onProgress: () => {
          if (!removed) void unlink(path)
          removed = true
        }
      })
    )
    expect(err.message).toBe('removed.csv: the file was removed during import')
  })

  it('refuses a file truncated mid-import', async () => {
    const path = join(dir, 'cut.csv')
    await writeFile(path, big)
    let cut = false
    const err = await refusal(
      importFile(path, {
        onProgress: () => {
          if (!cut) void truncate(path, 1 << 20)
          cut = true
        }
      })
    )
    expect(err.message).toMatch(/^cut\.csv: the file was truncated during import \(3200004 bytes at the start/)
  })

  it('reports the bytes actually read when a file is cut to nothing mid-import', async () => {
    const path = join(dir, 'emptied.csv')
    await writeFile(path, big)
    let cut = false
    let seen = 0
    const err = await refusal(
      importFile(path, {
        onProgress: ({ bytesRead }) => {
          seen = bytesRead
          if (!cut) void truncate(path, 0)
          cut = true
        }
      })
    )
    const read = /\(3200004 bytes at the start, (\d+) read before it was cut to 0\)/.exec(err.message)
    expect(read, err.message).not.toBeNull()
    // At least the chunk that was reported before the cut, however far reading ahead went.
    expect(Number(read![1])).toBeGreaterThanOrEqual(Math.max(seen, 1))
  })

})
