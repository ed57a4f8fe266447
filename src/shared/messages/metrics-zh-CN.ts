import type { metricsEn } from './metrics-en'

/** 命令训练器的指标读取与 `paramscope trainers parse-log` 的中文措辞，与 metrics-en.ts 同形。 */
export const metricsZhCN: typeof metricsEn = {
  recordBadLength: '第 {offset} 字节处的 TensorBoard 记录：长度校验失败；已跳过 {skipped} 字节，直到下一条校验通过的记录',
  recordBadData: '第 {offset} 字节处的 TensorBoard 记录：{bytes} 字节的数据校验失败；已跳过',
  recordBadEvent: '第 {offset} 字节处的 TensorBoard 记录：不是 Event（{reason}）；已跳过',
  recordTruncated: 'TensorBoard 文件在第 {offset} 字节处的记录中途结束（{bytes} 字节）；未读取',
  jsonlBadLine: '第 {line} 行：不是 JSON 对象；已跳过',
  jsonlLongLine: '一行超过 {bytes} 字节仍未结束：已丢弃',
  trainerStateBad: '不是含 log_history 列表的 trainer_state.json（{reason}）',
  parseLog: {
    usage: 'trainers parse-log FILE [--json]',
    needsFile: 'trainers parse-log 需要一个 FILE：标准输出日志、.jsonl 文件、trainer_state.json 或 TensorBoard 事件文件',
    needsSub: 'trainers 需要 parse-log FILE（或不带参数，列出训练器）',
    readAs: '{file}：按{kind}读取，{count} 个序列',
    none: '{file}：按{kind}读取；未找到指标序列',
    kinds: { log: '标准输出日志', jsonl: 'JSON 行文件', trainer_state: 'trainer_state.json', tensorboard: 'TensorBoard 事件文件' },
    headers: { name: '序列', channel: '通道', points: '点数', first: '首步', last: '末步', value: '末值' },
    tooLarge: '{file} 大小为 {size} MiB；格式测试最多读取 {limit} MiB 的文件（日志的前一部分同样能说明问题）',
    notBase64: '{file}：内容不是以 base64 文本送达的'
  }
}
