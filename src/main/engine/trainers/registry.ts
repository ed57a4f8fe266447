import type { TrainerDefinition } from './protocol'
import { charLmTrainer } from './char-lm/schema'
import { mlpTrainer } from './mlp/schema'
import { textClassifierTrainer } from './text-classifier/schema'

/** Engine-side trainer definitions by id (schemas and dataset checks, no runtime). */
export const trainerDefinitions: Record<string, TrainerDefinition> = {
  mlp: mlpTrainer,
  'text-classifier': textClassifierTrainer,
  'char-lm': charLmTrainer
}
