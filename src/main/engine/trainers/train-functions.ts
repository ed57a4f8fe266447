import type { TrainFunction } from './protocol'
import { trainCharLm } from './char-lm/train'
import { trainMlp } from './mlp/train'
import { trainTextClassifier } from './text-classifier/train'

/** Training functions by trainer id; imported only inside trainer processes. */
export const trainFunctions: Record<string, TrainFunction> = {
  mlp: trainMlp,
  'text-classifier': trainTextClassifier,
  'char-lm': trainCharLm
}
