import type en from './command-run-en'

/** 运行和扫描命令训练器（你自己的脚本）时的文字。 */
const commandRunZhCN: typeof en = {
  builtinTrainers: '内置训练器',
  scriptTrainers: '你自己的脚本',
  ownData: '你自己的脚本：它自己读取数据，因此不需要选择数据集。下面的参数会同时以命令行参数、环境变量和配置文件传给它。',
  channels: {
    stdout: '来自标准输出',
    stderr: '来自标准错误',
    'hf-log': '来自 Hugging Face 日志行',
    jsonl: '来自指标文件（JSON Lines）',
    trainer_state: '来自 trainer_state.json',
    tensorboard: '来自 TensorBoard 事件'
  }
}

export default commandRunZhCN
