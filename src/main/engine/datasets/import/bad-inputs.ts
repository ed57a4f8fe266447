import { parquetWriteBuffer } from 'hyparquet-writer'
import { MAX_LINE_CHARS } from '../dataset-error'

/**
 * Files that import must refuse, each with the words and the place its message must name. Tests
 * write them to a temp folder (they are made here rather than checked in, so binary and huge ones
 * cost nothing in the repository).
 */
export interface BadInput {
  /** What is wrong, as a test title. */
  case: string
  file: string
  bytes: () => Buffer
  message: RegExp
  line?: number
  column?: number
}

const text = (s: string) => () => Buffer.from(s, 'utf8')
/** Enough valid lines to push what follows past the first 64 KiB block checked up front. */
const FILLER_LINES = 9000
const filler = 'x,y\n' + '1,hello\n'.repeat(FILLER_LINES)

export const badInputs: BadInput[] = [
  { case: 'an empty file', file: 'empty.csv', bytes: text(''), message: /empty\.csv: the file is empty/ },
  { case: 'a file of blank lines', file: 'blank.csv', bytes: text('\n\r\n\n'), message: /no records, only blank lines/ },
  {
    case: 'a binary file (NUL bytes)',
    file: 'image.csv',
    bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    message: /looks binary \(a NUL byte at byte 9\)/
  },
  { case: 'UTF-16 text', file: 'wide.csv', bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]), message: /UTF-16/ },
  { case: 'invalid UTF-8 in the first block', file: 'latin1.csv', bytes: () => Buffer.from('name,city\nJosé,Zürich\n', 'latin1'), message: /not UTF-8 text/ },
  {
    case: 'invalid UTF-8 further on',
    file: 'late.csv',
    bytes: () => Buffer.concat([Buffer.from(filler + '2,ab'), Buffer.from([0xc3, 0x28]), Buffer.from('cd\n')]),
    message: new RegExp(`line ${FILLER_LINES + 2}, column 5: invalid UTF-8`),
    line: FILLER_LINES + 2,
    column: 5
  },
  { case: 'a ragged row', file: 'ragged.csv', bytes: text('a,b,c\n1,2,3\n4,5\n'), message: /line 3: 2 fields where the header has 3/, line: 3 },
  { case: 'a row with a field too many', file: 'wide-row.csv', bytes: text('a,b\n1,2\n3,4,5\n'), message: /line 3: 3 fields where the header has 2 \(column 3 is one too many\)/, line: 3 },
  {
    case: 'a line longer than the limit',
    file: 'long.txt',
    bytes: () => Buffer.from('short\n' + 'y'.repeat(MAX_LINE_CHARS + 10) + '\nend\n'),
    message: /line 2: the line is longer than 1048576 characters/,
    line: 2
  },
  {
    case: 'a CSV record longer than the limit (a quote left open)',
    file: 'open-quote.csv',
    bytes: () => Buffer.from('a,b\n1,"' + 'z,\n'.repeat(MAX_LINE_CHARS / 2) + '\n'),
    message: /line 2: the record is longer than 1048576 characters/,
    line: 2
  },
  { case: 'a quoted field never closed', file: 'unclosed.csv', bytes: text('a,b\n1,"x\n2,3\n'), message: /line 2, column 3: a quoted field is never closed/, line: 2, column: 3 },
  { case: 'a duplicate header name', file: 'dup.csv', bytes: text('id,score,id\n1,2,3\n'), message: /line 1, column 3: the header name "id" repeats column 1/, line: 1, column: 3 },
  { case: 'an empty header name', file: 'noname.csv', bytes: text('id,,label\n1,2,a\n'), message: /line 1, column 2: the header name is empty/, line: 1, column: 2 },
  { case: 'an unsupported extension', file: 'book.xlsx', bytes: text('PK'), message: /the extension \.xlsx is not supported; use one of \.csv, \.tsv/ },
  { case: 'a JSON Lines line that is not JSON', file: 'bad.jsonl', bytes: text('{"a": 1}\n{"a": 2,}\n'), message: /line 2, column \d+: not valid JSON/, line: 2 },
  { case: 'a JSON Lines line that is not an object', file: 'array.jsonl', bytes: text('{"a": 1}\n[1, 2]\n'), message: /line 2: each line must be a JSON object, this one is an array/, line: 2 },
  { case: 'a Parquet file that is not Parquet', file: 'fake.parquet', bytes: text('id,label\n1,a\n'), message: /not a Parquet file/ },
  { case: 'a header row and no data rows', file: 'header-only.csv', bytes: text('id,score,label\n'), message: /a header row \(id, score, label\) and no data rows/ },
  { case: 'a TSV header followed by blank lines', file: 'header-only.tsv', bytes: text('id\tscore\n\n\r\n'), message: /a header row \(id, score\) and no data rows/ },
  {
    case: 'a Parquet file with columns and no rows',
    file: 'no-rows.parquet',
    bytes: () =>
      Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: 'id', data: new Int32Array(0), type: 'INT32' },
            { name: 'label', data: [], type: 'STRING' }
          ]
        })
      ),
    message: /no rows \(its columns: id, label\)/
  }
]
