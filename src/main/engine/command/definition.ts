import { readFileSync } from 'node:fs'
import { dirname, extname, isAbsolute, resolve } from 'node:path'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { checkCommandTrainer, type CommandTrainerDefinition } from '../../../shared/schemas/command-trainers'
import { fileAccessProblem } from '../datasets/dataset-error'

/**
 * A command trainer definition from JSON or YAML text. Every problem is named by field with a
 * catalog code; errors start with `source`. A relative `cwd` (and a missing one) is taken from
 * `baseDir`, the definition file's folder, so the definition works wherever it is run from.
 */
export function parseCommandTrainerText(text: string, format: 'json' | 'yaml', source: string, builtinIds: readonly string[], baseDir?: string): CommandTrainerDefinition {
  let value: unknown
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw AppError.coded('INVALID_INPUT', msg('commandTrainers.notParsed', { file: source, format: format === 'json' ? 'JSON' : 'YAML', reason: (err as Error).message }))
  }
  const checked = checkCommandTrainer(value, builtinIds)
  if ('issues' in checked) throw AppError.fromIssues('INVALID_INPUT', checked.issues, msg('commandTrainers.invalidIn', { file: source }))
  const d = checked.definition
  if (baseDir === undefined) return d
  // A cwd that starts with a macro (${run_dir}/work) is absolute once expanded.
  const cwd = d.cwd === undefined ? baseDir : d.cwd.startsWith('${') || isAbsolute(d.cwd) ? d.cwd : resolve(baseDir, d.cwd)
  return { ...d, cwd }
}

/** Reads a .json, .yaml or .yml command trainer definition; a relative cwd is from the file's folder. */
export function readCommandTrainerFile(path: string, builtinIds: readonly string[]): CommandTrainerDefinition {
  const ext = extname(path).toLowerCase()
  if (!['.json', '.yaml', '.yml'].includes(ext)) throw AppError.coded('INVALID_INPUT', msg('commandTrainers.fileExtension', { file: path }))
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw AppError.coded('INVALID_INPUT', msg('common.inFile', { file: path, problem: fileAccessProblem(err) }))
  }
  return parseCommandTrainerText(text, ext === '.json' ? 'json' : 'yaml', path, builtinIds, dirname(resolve(path)))
}

/** The definition as a file: every default written out, so the file alone reproduces the trainer. */
export function commandTrainerText(definition: CommandTrainerDefinition, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(definition, null, 2)}\n` : stringifyYaml(definition)
}
