import { resolve } from 'node:path'
import type { EngineApi } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { checkCommandTrainer, commandTrainerInfo, type CommandTrainerDefinition } from '../../../shared/schemas/command-trainers'
import type { TrainerInfo } from '../../../shared/schemas/params'
import { commandTrainerText } from './definition'
import { draftFromHelp } from './draft/draft'
import { runHelp } from './draft/run-help'
import { createCommandTrainerRegistry, mustGetCommandTrainer, type CommandTrainerRegistry } from './registry'

type TrainersApi = Pick<EngineApi, 'trainers.list' | 'trainers.add' | 'trainers.remove' | 'trainers.export' | 'trainers.draft'>

/**
 * The trainer list with the registered command trainers after the built-ins, and the methods
 * that register, remove and export them. `commandTrainer` gives the registered definition runs.start
 * launches; `refuseResume` stops a resume of one of its runs with a coded message (not supported).
 */
export function createTrainersApi(
  dir: string,
  builtins: () => TrainerInfo[]
): { api: TrainersApi; registry: CommandTrainerRegistry; commandTrainer(name: string): CommandTrainerDefinition | undefined; refuseResume(run: { id: number; trainer: string }): void } {
  const builtinIds = () => builtins().map((t) => t.id)
  const registry = createCommandTrainerRegistry(dir, builtinIds())
  return {
    registry,
    commandTrainer: (name) => (builtinIds().includes(name) ? undefined : registry.get(name)),
    refuseResume(run) {
      if (!builtinIds().includes(run.trainer) && registry.get(run.trainer)) throw AppError.coded('UNSUPPORTED', msg('commandTrainers.notResumable', { id: run.id, name: run.trainer }))
    },
    api: {
      'trainers.list': async () => [...builtins(), ...registry.list().map(commandTrainerInfo)],
      'trainers.add': async ({ definition, replace }) => {
        const checked = checkCommandTrainer(definition, builtinIds())
        if ('issues' in checked) throw AppError.fromIssues('INVALID_INPUT', checked.issues, msg('commandTrainers.invalid'))
        const { replaced } = registry.add(checked.definition, replace)
        return { trainer: commandTrainerInfo(checked.definition), replaced }
      },
      'trainers.remove': async ({ name }) => {
        registry.remove(name)
        return { ok: true as const }
      },
      'trainers.export': async ({ name, format }) => ({ name, text: commandTrainerText(mustGetCommandTrainer(registry, name, builtinIds()), format) }),
      'trainers.draft': async ({ command, cwd, name }) => {
        const dir = cwd === undefined ? undefined : resolve(cwd)
        const help = await runHelp(command, { cwd: dir })
        const exit = help.code === 0 || help.code === null ? undefined : { code: help.code, output: help.tail }
        const { text, params, style } = draftFromHelp(help.text, { command, cwd: dir, name, builtinIds: builtinIds(), exit })
        return { text, params, style }
      }
    }
  }
}
