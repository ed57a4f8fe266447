import type trainersEn from './trainers-en'

/** 训练器页面、定义编辑器与格式测试的中文措辞，与 trainers-en.ts 同形。 */
const trainersZhCN: typeof trainersEn = {
  title: '训练器',
  intro: '内置训练器随 ParamScope 提供。命令训练器用其定义中的参数运行你自己的脚本，并从脚本输出中读取指标。',
  list: {
    name: '训练器',
    kind: '类型',
    command: '命令',
    params: '参数',
    groups: '分组',
    /** Between the group names of a trainer. */
    joiner: '、',
    actions: '操作',
    builtin: '内置',
    commandKind: '命令'
  },
  actions: {
    edit: '编辑',
    export: '导出',
    remove: '移除',
    removeTitle: '移除训练器“{name}”？',
    removeText: '其运行记录会保留。如需日后重新注册，请先导出。',
    removeYes: '移除',
    keep: '保留'
  },
  editor: {
    title: '注册命令训练器',
    help: 'YAML 或 JSON 格式的定义：name、label、command（参数列表，例如 {example}）、cwd、env、groups 和 params。cwd 请写脚本所在文件夹的绝对路径；不写时命令在每次运行自己的文件夹中运行。',
    label: '定义',
    open: '打开文件…',
    register: '注册',
    registering: '正在注册…',
    registered: '已注册命令训练器 {name}。',
    replaced: '已替换命令训练器 {name}。',
    empty: '请先编写定义或打开文件。',
    notMapping: '定义必须是字段映射（name、command、params…），而不是 {got}。',
    issues: '定义未注册：| 定义未注册；请修正此字段：| 定义未注册；请修正以下 {count} 个字段：',
    replaceTitle: '替换“{name}”？',
    replaceText: '已注册名为 {name} 的命令训练器。要用此定义替换它吗？其运行记录会保留。',
    replaceYes: '替换',
    cancel: '取消',
    unreadable: '无法读取 {file}：{reason}',
    editing: '正在编辑 {name}：修改所需内容后再次注册即可替换。'
  },
  draft: {
    title: '根据 --help 生成草稿',
    help: 'ParamScope 以 --help 运行该命令，并把其列出的选项（argparse 或 HfArgumentParser）转换为定义草稿，供你编辑。',
    command: '命令',
    commandHelp: '每行一个参数，或写成一行并按空格拆分（用“引号”把含空格的部分括起来）。',
    cwd: '工作目录（可选）',
    name: '训练器名称（可选）',
    run: '生成草稿',
    running: '正在运行 --help…',
    needsCommand: '请填写用于生成草稿的命令。',
    done: '已生成 {count} 个参数（{style}）；请编辑定义后再注册。',
    styles: { argparse: 'argparse 帮助', hf: 'HfArgumentParser 帮助', unknown: '帮助格式无法识别' }
  },
  tester: {
    title: '格式测试',
    link: '格式测试',
    linkHelp: '在运行之前查看日志能读出哪些指标序列。',
    intro: '粘贴训练日志，或选择标准输出日志、.jsonl 指标文件、trainer_state.json 或 TensorBoard 事件文件：用与运行相同的读取器显示其中的序列。',
    text: '日志文本',
    file: '选择文件…',
    run: '测试文本',
    running: '正在读取…',
    pasted: 'pasted.log',
    empty: '请先粘贴日志文本或选择文件。',
    headers: { name: '序列', channel: '通道', points: '点数', first: '首步', last: '末步', value: '末值', dropped: '丢弃' },
    droppedHelp: '未采用的点：重复的步，或来自另一通道的同名序列。',
    warnings: '读取时跳过的内容',
    charts: '曲线',
    back: '训练器'
  }
}

export default trainersZhCN
