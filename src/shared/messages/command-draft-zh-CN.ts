import type { commandDraftEn } from './command-draft-en'

/** Chinese words of trainer drafts and of the cut in a huge run log; the shape of command-draft-en.ts. */
export const commandDraftZhCN: typeof commandDraftEn = {
  description: '根据 {command} 的 --help 起草',
  comments: {
    header: '由 ParamScope 根据 {command} 的 --help 起草（按 {style} 读取）。请检查后注册：paramscope trainers add FILE.yaml',
    bounds: '取值范围（min、max）、对数刻度和单位留给你填写：在研究搜索某个范围之前请设置好。',
    translate: 'zh-CN 的名称和说明暂时照抄英文：请翻译。',
    hfFixed: '已在 command 中加入以下参数，使 Trainer 保存到运行目录（从那里读取 trainer_state.json）、每轮评估一次（eval_loss）并每 10 步记录一次；可在 command 中修改或删除：',
    noCwd: '未设置 cwd：注册后的训练器在其定义文件所在的文件夹中运行；请把 cwd 设为脚本所在的文件夹。',
    guessed: '帮助中没有可用的默认值，因此类型和默认值是推测的：',
    positional: '位置参数，已略去：请把它们的值写进 command：',
    switches: '不带值的开关，已略去（{macro} 传入 --NAME=VALUE，开关不接受）：要打开某个开关，请把它写进 command：',
    paths: '路径、文件夹和配置文件，已略去（不可调）：',
    lists: '接受多个值的选项，已略去：',
    unreadable: '无法读出取值的选项，已略去：',
    hfOthers: 'TrainingArguments 的其他选项，已略去（可把其中任何一个加入 params）：',
    unknown: '无法从这段帮助中读出任何选项：请按内置训练器的格式（resources/trainers/*/trainer.yaml）手动添加 groups 和 params。',
    exited: '命令以退出码 {code} 结束；最后的输出：{output}',
    problems: '草稿尚未通过检查：{issues}'
  },
  groups: {
    params: '参数',
    script: '脚本',
    optimizer: '优化器',
    schedule: '学习率计划',
    batch: '批量',
    regularization: '正则化',
    runtime: '运行'
  },
  styles: { argparse: 'argparse', hf: 'HfArgumentParser 与 TrainingArguments', unknown: '无法识别的格式' },
  notStarted: '无法运行 {program} 来读取它的 --help：{reason}',
  timedOut: '{program} --help 在 {seconds} 秒内没有结束；请在终端中运行它，看看它在等待什么',
  noCwd: '用来运行 {program} 的文件夹 {cwd} 不存在或不是文件夹',
  cli: {
    needsCommand: 'trainers draft 需要在 -- 之后给出命令，例如 paramscope trainers draft -- python3 train.py',
    wrote: '已将 {name} 的草稿（{params} 个参数，{style}）写入 {file}'
  },
  logCut: '[paramscope] … 此处略去了 {bytes} 字节的输出（日志保留开头和结尾各 {half}）…'
}
