import type { Config } from '../../../../shared/api'
import { recordTraining, type Recorded } from '../common/testing'
import type { TrainerJob } from '../protocol'
import { trainMlp } from './train'

export { seriesOf, type Recorded } from '../common/testing'

/** Trains the mlp in a fresh workDir (or the given one), cancelling once `cancelAfter` steps are reported. */
export function trainRecorded(datasetPath: string, config: Config, extra: Partial<TrainerJob> = {}, cancelAfter = Infinity): Promise<Recorded> {
  return recordTraining(trainMlp, 'mlp', datasetPath, config, extra, cancelAfter)
}
