import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { TrainerInfo } from '../../shared/api'
import { AppError } from '../../shared/errors'
import { flattenConfig, parseParamText } from '../../shared/params'

/** Reads a JSON or YAML config file (nested groups or dotted keys) into a flat config. */
export function readConfigFile(path: string): Record<string, unknown> {
  const ext = extname(path).toLowerCase()
  if (!['.json', '.yaml', '.yml'].includes(ext))
    throw new AppError('INVALID_INPUT', `--config ${path}: use a .json, .yaml or .yml file`)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new AppError('INVALID_INPUT', `--config ${path}: ${(err as Error).message}`)
  }
  let value: unknown
  try {
    value = ext === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new AppError('INVALID_INPUT', `--config ${path}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AppError('INVALID_INPUT', `--config ${path}: expected an object of parameters`)
  return flattenConfig(value)
}

/** Applies `--set key=value` pairs, typed by the trainer's schema; unknown keys are named. */
export function applySets(trainer: TrainerInfo, config: Record<string, unknown>, sets: string[]): Record<string, unknown> {
  const out = { ...config }
  const specs = new Map(trainer.params.map((p) => [p.key, p]))
  for (const pair of sets) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new AppError('INVALID_INPUT', `--set ${pair}: expected key=value`)
    const key = pair.slice(0, eq).trim()
    const spec = specs.get(key)
    if (!spec) {
      throw new AppError('INVALID_CONFIG', `--set ${key}: not a parameter of trainer "${trainer.id}"`, {
        issues: [{ field: key, message: 'is not a parameter of this trainer' }]
      })
    }
    out[key] = parseParamText(spec, pair.slice(eq + 1))
  }
  return out
}
