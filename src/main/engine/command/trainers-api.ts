import type { EngineApi } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { checkCommandTrainer, commandTrainerInfo } from '../../../shared/schemas/command-trainers'
import type { TrainerInfo } from '../../../shared/schemas/params'
import { commandTrainerText } from './definition'
import { createCommandTrainerRegistry, mustGetCommandTrainer, type CommandTrainerRegistry } from './registry'

type TrainersApi = Pick<EngineApi, 'trainers.list' | 'trainers.add' | 'trainers.remove' | 'trainers.export'>

/**
 * The trainer list with the registered command trainers after the built-ins, and the methods
 * that register, remove and export them. Command trainers are listed but not yet launched:
 * `refuseCommandTrainer` stops a run of one with a coded message.
 */
export function createTrainersApi(dir: string, builtins: () => TrainerInfo[]): { api: TrainersApi; registry: CommandTrainerRegistry; refuseCommandTrainer(trainer: string): void } {
  const builtinIds = () => builtins().map((t) => t.id)
  const registry = createCommandTrainerRegistry(dir, builtinIds())
  return {
    registry,
    refuseCommandTrainer(trainer) {
      if (!builtinIds().includes(trainer) && registry.get(trainer)) throw AppError.coded('UNSUPPORTED', msg('commandTrainers.notStartable', { name: trainer }))
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
      'trainers.export': async ({ name, format }) => ({ name, text: commandTrainerText(mustGetCommandTrainer(registry, name, builtinIds()), format) })
    }
  }
}
