import { msg } from '../../../../shared/messages'
import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet'
import { AppError } from '../../../../shared/errors'
import { datasetError } from '../dataset-error'
import { checkUnchanged, fileFacts, type FileFacts } from './text-reader'
import type { TableShape } from './text-tables'

/**
 * A Parquet file read one row group at a time through hyparquet, so memory is bounded by the
 * largest row group rather than the file. Parquet is random access (metadata at the end), so the
 * SHA-256 takes its own sequential pass over the bytes.
 */
export class ParquetTable {
  private constructor(
    readonly path: string,
    readonly facts: FileFacts,
    private readonly handle: FileHandle,
    private readonly metadata: FileMetaData,
    readonly columns: string[]
  ) {}

  static async open(path: string): Promise<ParquetTable> {
    const facts = await fileFacts(path)
    if (facts.size === 0) throw datasetError(path, msg('file.empty'))
    const handle = await open(path, 'r')
    try {
      const magic = Buffer.alloc(4)
      await handle.read(magic, 0, 4, 0)
      const tail = Buffer.alloc(4)
      await handle.read(tail, 0, 4, Math.max(0, facts.size - 4))
      if (facts.size < 12 || magic.toString('latin1') !== 'PAR1' || tail.toString('latin1') !== 'PAR1') {
        throw datasetError(path, msg('file.notParquet'))
      }
      const metadata = await parquetMetadataAsync(fileBuffer(handle, facts.size)).catch((err: Error) => {
        throw datasetError(path, msg('file.parquetMetadata', { reason: err.message }))
      })
      const columns = parquetSchema(metadata).children.map((c) => c.element.name)
      return new ParquetTable(path, facts, handle, metadata, columns)
    } catch (err) {
      await handle.close()
      throw err
    }
  }

  get rowCount(): number {
    return Number(this.metadata.num_rows)
  }

  close(): Promise<void> {
    return this.handle.close()
  }

  /**
   * Rows as text cells, one batch per row group, starting at row `fromRow` (groups before it are
   * not read); `onBytes` gets the compressed bytes done.
   */
  async *batches(shape: TableShape, opts: { signal?: AbortSignal; onBytes?: (bytes: number) => void; fromRow?: number } = {}): AsyncGenerator<string[][]> {
    shape.columns = this.columns
    const file = fileBuffer(this.handle, this.facts.size)
    let groupStart = 0
    let bytes = 0
    for (const group of this.metadata.row_groups) {
      opts.signal?.throwIfAborted()
      const groupRows = Number(group.num_rows)
      const rowEnd = groupStart + groupRows
      if (rowEnd > (opts.fromRow ?? 0)) {
        let rows: unknown[][] = []
        await parquetRead({
          file,
          metadata: this.metadata,
          rowStart: groupStart,
          rowEnd,
          rowFormat: 'array',
          onComplete: (r) => (rows = r)
        }).catch((err: Error) => {
          if (err instanceof AppError) throw err
          throw datasetError(this.path, msg('file.parquetRowGroup', { row: groupStart + 1, reason: err.message }))
        })
        const from = Math.max(0, (opts.fromRow ?? 0) - groupStart)
        yield (from ? rows.slice(from) : rows).map((r) => r.map(cellText))
      }
      bytes += group.columns.reduce((sum, c) => sum + Number(c.meta_data?.total_compressed_size ?? 0), 0)
      opts.onBytes?.(Math.min(bytes, this.facts.size))
      groupStart = rowEnd
    }
  }

  /** SHA-256 of the whole file in one sequential pass (equal to `sha256sum`). */
  async sha256(opts: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}): Promise<string> {
    const hash = createHash('sha256')
    const buf = Buffer.allocUnsafe(1 << 20)
    let done = 0
    for (;;) {
      opts.signal?.throwIfAborted()
      const { bytesRead } = await this.handle.read(buf, 0, buf.length, done)
      if (bytesRead === 0) break
      hash.update(buf.subarray(0, bytesRead))
      done += bytesRead
      opts.onBytes?.(done)
    }
    await checkUnchanged(this.path, this.facts, done)
    return hash.digest('hex')
  }
}

/** hyparquet's random-access view of an open file; a short read means the file shrank. */
function fileBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const out = new Uint8Array(Math.max(0, end - start))
      let got = 0
      while (got < out.length) {
        const { bytesRead } = await handle.read(out, got, out.length - got, start + got)
        if (bytesRead === 0) throw new Error(`the file ends at byte ${start + got}, before byte ${end}: was it truncated?`)
        got += bytesRead
      }
      return out.buffer
    }
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (v instanceof Date) return v.toISOString()
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64')
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
}
