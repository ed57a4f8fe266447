/** English words of running and sweeping a command trainer (your own script); zh-CN mirrors this shape. */
const commandRunEn = {
  builtinTrainers: 'Built-in trainers',
  scriptTrainers: 'Your own scripts',
  ownData: 'Your own script: it reads its own data, so no dataset is asked for. The parameters below reach it as arguments, environment variables and a config file.',
  /** Beside a chart's title and a metric's name: which reader of the script's output fed the series. */
  channels: {
    stdout: 'from standard output',
    stderr: 'from standard error',
    'hf-log': 'from Hugging Face log lines',
    jsonl: 'from the metrics file (JSON lines)',
    trainer_state: 'from trainer_state.json',
    tensorboard: 'from TensorBoard events'
  }
}

export default commandRunEn
