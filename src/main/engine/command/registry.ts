import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import type { CommandTrainerDefinition } from '../../../shared/schemas/command-trainers'
import { commandTrainerText, parseCommandTrainerText } from './definition'

/**
 * The registered command trainers: one `<name>.yaml` a trainer in the data folder's `trainers/`,
 * written whole (a temporary file renamed over it) so a crash never leaves half a definition.
 * A file that no longer reads as a definition (edited by hand) is left out of the list with a
 * line on stderr, never a crash; `add` with `replace` overwrites it.
 */
export interface CommandTrainerRegistry {
  list(): CommandTrainerDefinition[]
  get(name: string): CommandTrainerDefinition | undefined
  /** Stores a checked definition; a name already taken needs `replace`. Says whether one was replaced. */
  add(definition: CommandTrainerDefinition, replace: boolean): { replaced: boolean }
  remove(name: string): void
}

export function createCommandTrainerRegistry(dir: string, builtinIds: readonly string[], warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): CommandTrainerRegistry {
  const fileOf = (name: string) => join(dir, `${name}.yaml`)
  const read = (file: string): CommandTrainerDefinition | undefined => {
    try {
      return parseCommandTrainerText(readFileSync(file, 'utf8'), 'yaml', file, builtinIds)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`paramscope: ${(err as Error).message}`)
      return undefined
    }
  }
  const names = (): string[] => {
    try {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -5))
        .sort()
    } catch {
      return []
    }
  }
  const known = () => names().join(', ') || '—'
  const get = (name: string) => {
    const d = names().includes(name) ? read(fileOf(name)) : undefined
    return d && d.name === name ? d : undefined
  }
  return {
    list: () => names().flatMap((n) => get(n) ?? []),
    get,
    add(definition, replace) {
      const file = fileOf(definition.name)
      const exists = names().includes(definition.name)
      if (exists && !replace) throw AppError.coded('CONFLICT', msg('commandTrainers.cli.exists', { name: definition.name }))
      mkdirSync(dir, { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, commandTrainerText(definition, 'yaml'))
      renameSync(tmp, file)
      return { replaced: exists }
    },
    remove(name) {
      if (builtinIds.includes(name)) throw AppError.coded('INVALID_INPUT', msg('commandTrainers.cli.builtin', { name }))
      if (!names().includes(name)) throw AppError.coded('NOT_FOUND', msg('commandTrainers.cli.notFound', { name, known: known() }))
      rmSync(fileOf(name), { force: true })
    }
  }
}

/** A registered definition, or a NOT_FOUND naming the ones there are. */
export function mustGetCommandTrainer(registry: CommandTrainerRegistry, name: string, builtinIds: readonly string[]): CommandTrainerDefinition {
  if (builtinIds.includes(name)) throw AppError.coded('INVALID_INPUT', msg('commandTrainers.cli.builtin', { name }))
  const d = registry.get(name)
  if (!d) throw AppError.coded('NOT_FOUND', msg('commandTrainers.cli.notFound', { name, known: registry.list().map((t) => t.name).join(', ') || '—' }))
  return d
}
