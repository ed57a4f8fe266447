import type { systemEn } from './system-en'

/** 运行期间采样的系统指标（sys/*）的中文措辞，与 system-en.ts 同形。 */
export const systemZhCN: typeof systemEn = {
  gpuStopped: 'nvidia-smi 未应答（{reason}）；此运行不再采样 GPU 指标'
}
