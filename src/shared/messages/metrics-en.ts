/**
 * English words of the metric readers of command trainers (stdout, JSON lines, trainer_state.json,
 * TensorBoard) and of `paramscope trainers parse-log`. zh-CN mirrors this shape in metrics-zh-CN.ts.
 */
export const metricsEn = {
  recordBadLength: 'TensorBoard record at byte {offset}: its length fails its checksum; skipped {skipped} bytes to the next record that checks',
  recordBadData: 'TensorBoard record at byte {offset}: its {bytes} bytes of data fail their checksum; skipped',
  recordBadEvent: 'TensorBoard record at byte {offset}: not an Event ({reason}); skipped',
  recordTruncated: 'the TensorBoard file ends inside a record at byte {offset} ({bytes} bytes); not read',
  jsonlBadLine: 'line {line}: not a JSON object; skipped',
  jsonlLongLine: 'a line over {bytes} bytes long with no end: dropped',
  trainerStateBad: 'not a trainer_state.json with a log_history list ({reason})',
  parseLog: {
    usage: 'trainers parse-log FILE [--json]',
    needsFile: 'trainers parse-log needs a FILE: a stdout log, a .jsonl file, a trainer_state.json or a TensorBoard events file',
    needsSub: 'trainers needs parse-log FILE (or nothing, to list the trainers)',
    readAs: '{file}: read as {kind}, {count} series',
    none: '{file}: read as {kind}; no metric series found',
    kinds: { log: 'a stdout log', jsonl: 'JSON lines', trainer_state: 'a trainer_state.json', tensorboard: 'a TensorBoard events file' },
    headers: { name: 'series', channel: 'channel', points: 'points', first: 'first step', last: 'last step', value: 'last value' },
    tooLarge: '{file} is {size} MiB; the format tester reads files up to {limit} MiB (the first part of a log tells as much)',
    notBase64: '{file}: the content did not arrive as base64 text'
  }
}
