import { useI18n } from 'vue-i18n'
import type { MetricChannel, TrainerInfo } from '../../../shared/api'

/**
 * A trainer that declares no data formats is a command trainer: the user's script reads its own
 * data, so the run form and the study builder ask for no dataset (the engine refuses one).
 */
export const readsOwnData = (trainer: TrainerInfo | null | undefined): boolean => !!trainer && trainer.datasetKinds.length === 0

/** "from TensorBoard events": where a command trainer's series came from, in the window's language. */
export function useChannelLabel(): (channel: MetricChannel | undefined) => string | undefined {
  const { t } = useI18n()
  return (channel) => (channel ? t(`commandRun.channels.${channel}`) : undefined)
}
