import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { TrainerInfo } from '../../shared/api'
import { AppError } from '../../shared/errors'
import { msg } from '../../shared/messages'
import { flattenConfig, parseParamText } from '../../shared/params'

/** Reads a JSON or YAML config file (nested groups or dotted keys) into a flat config. */
export function readConfigFile(path: string): Record<string, unknown> {
  const ext = extname(path).toLowerCase()
  if (!['.json', '.yaml', '.yml'].includes(ext))
    throw AppError.coded('INVALID_INPUT', msg('cli.configExtension', { path }))
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw AppError.coded('INVALID_INPUT', msg('cli.configUnreadable', { path, reason: (err as Error).message }))
  }
  let value: unknown
  try {
    value = ext === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw AppError.coded('INVALID_INPUT', msg('cli.configSyntax', { path, format: ext === '.json' ? 'JSON' : 'YAML', reason: (err as Error).message }))
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw AppError.coded('INVALID_INPUT', msg('cli.configNotObject', { path }))
  return flattenConfig(value)
}

/** Applies `--set key=value` pairs, typed by the trainer's schema; unknown keys are named. */
export function applySets(trainer: TrainerInfo, config: Record<string, unknown>, sets: string[]): Record<string, unknown> {
  const out = { ...config }
  const specs = new Map(trainer.params.map((p) => [p.key, p]))
  for (const pair of sets) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw AppError.coded('INVALID_INPUT', msg('cli.setPair', { value: pair }))
    const key = pair.slice(0, eq).trim()
    const spec = specs.get(key)
    if (!spec) {
      throw AppError.coded('INVALID_CONFIG', msg('cli.setUnknown', { key, trainer: trainer.id }), {
        issues: [{ field: key, message: 'is not a parameter of this trainer', rule: 'unknown', values: {} }]
      })
    }
    out[key] = parseParamText(spec, pair.slice(eq + 1))
  }
  return out
}
