import en from './analysis-en'
import zhCN from './analysis-zh-CN'

/**
 * Analysis warnings and facts travel as a code with values; each language words them here, for
 * the window and the CLI alike. `message` on a notice is the English wording, for JSON readers.
 */
export type AnalysisMessageCode = keyof typeof en.messages
export type AnalysisMessageLocale = 'en' | 'zh-CN'
export type AnalysisMessageValues = Record<string, string | number>

export const analysisMessageCodes = Object.keys(en.messages) as [AnalysisMessageCode, ...AnalysisMessageCode[]]

const tables = { en, 'zh-CN': zhCN }

/** A number as a reader wants it in a sentence: integers whole, others to three significant digits. */
function shown(v: string | number): string {
  if (typeof v === 'string') return v
  if (Number.isInteger(v)) return String(v)
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(+v.toPrecision(3))
}

function fill(template: string, values: AnalysisMessageValues, words: Record<string, Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = values[name]
    if (v === undefined) return whole
    const word = typeof v === 'string' ? words[name]?.[v] : undefined
    return word === undefined ? shown(v) : fill(word, values, words)
  })
}

/** The sentence for `code` in `locale`, with its values filled in (words such as method names translated too). */
export function analysisMessage(locale: AnalysisMessageLocale, code: AnalysisMessageCode, values: AnalysisMessageValues = {}): string {
  const table = tables[locale] ?? en
  return fill(table.messages[code], values, table.words)
}

export type AnalysisLabel = keyof typeof en.labels

/** A heading of the CLI's analysis text in `locale`, with its values filled in as they are given. */
export function analysisLabel(locale: AnalysisMessageLocale, key: AnalysisLabel, values: Record<string, string | number> = {}): string {
  const table = tables[locale] ?? en
  return table.labels[key].replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])))
}

/** A notice as the engine reports it: the code, its values, and the English sentence. */
export function analysisNotice(code: AnalysisMessageCode, values: AnalysisMessageValues = {}): { code: AnalysisMessageCode; params: AnalysisMessageValues; message: string } {
  return { code, params: values, message: analysisMessage('en', code, values) }
}

/** Notices that state how the result was obtained rather than warn about it; the page lists them apart. */
export const analysisFactCodes: ReadonlySet<AnalysisMessageCode> = new Set([
  'sobolSingleDesign',
  'sobolReplicated',
  'negativeIndex',
  'seedColumns',
  'conditionalParam',
  'deterministicRepeats',
  'fanovaInactive',
  'quantileInactive',
  'correlationRatio',
  'oatOneSided',
  'studyTrials',
  'studyRepeatsAveraged',
  'studyPrunedIncluded'
])
