import type { downsampleEn } from './downsample-en'

export const downsampleZhCN: typeof downsampleEn = {
  noEpoch: '运行 {id} 没有记录“epoch”序列，无法按轮次绘制其曲线；请按步数或时间绘制',
  noEpochField: '运行 {id} 没有“epoch”序列',
  badRange: '范围必须从较小值到较大值；收到 {from} 到 {to}',
  badRangeField: '起点 {from} 不小于终点 {to}'
}
