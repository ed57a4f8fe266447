import type { commandTrainersEn } from './command-trainers-en'

/** 命令训练器定义、调用与 `paramscope trainers add|remove|export` 的中文措辞，与 command-trainers-en.ts 同形。 */
export const commandTrainersZhCN: typeof commandTrainersEn = {
  invalid: '命令训练器无效',
  invalidIn: '{file} 中的命令训练器无效',
  fileExtension: '{file}：请使用 .json、.yaml 或 .yml 文件',
  notParsed: '{file}：不是有效的 {format}：{reason}',
  problems: {
    required: '必填',
    type: '应为{expected}（实际为 {got}）',
    unknownKeys: '含有未知的键：{keys}',
    pattern: '应匹配 {pattern}（实际为 {got}）',
    tooShort: '至少需要 {min}（实际为 {got}）',
    tooLong: '至多 {max}（实际为 {got}）',
    tooSmall: '应 ≥ {min}（实际为 {got}）',
    tooBig: '应 ≤ {max}（实际为 {got}）',
    integer: '应为整数（实际为 {got}）',
    oneOf: '应为 {allowed} 之一（实际为 {got}）',
    other: '{problem}',
    builtinName: '{name} 是内置训练器的名称；请换一个',
    programEmpty: '要运行的程序（第一个元素）不能为空',
    unknownMacro: '{macro} 不是宏（可用：{known}）；字面的 $ 请写作 $$',
    wholeArgument: '{macro} 会展开为多个参数，必须单独占一个元素',
    notHere: '{macro} 只能用在命令中',
    unknownParam: '{macro} 指向 {key}，但它不是此训练器的参数',
    duplicateKey: '与 params.{other} 的键 {key} 重复',
    duplicateArg: '参数名 {arg} 与 params.{other} 的相同',
    envCollision: '环境变量 {variable} 与 params.{other} 的相同',
    duplicateGroup: '与 groups.{other} 的分组 {group} 重复',
    unknownGroup: '所指分组 {group} 不在 groups 中（已有：{known}）',
    badDefault: '默认值{problem}',
    minAboveMax: '最小值 {min} 大于最大值 {max}',
    logNeedsPositive: '对数刻度要求最小值 > 0（实际为 {min}）',
    envName: '不是环境变量名（字母、数字和 _，不以数字开头）',
    envReserved: '{name} 由 ParamScope 为每次运行设置，不能在此设置',
    nul: '不能包含 NUL 字符',
    unknownMetric: '重复列出 {metric}'
  },
  kinds: { string: '文本', number: '数字', boolean: 'true 或 false', array: '列表', object: '映射', other: '其他类型的值' },
  invocation: {
    noPython: 'PATH 中既没有 python3 也没有 python；请将其加入 PATH，或在命令的第一个元素写出解释器的完整路径',
    noNode: 'PATH 中没有 node；请将其加入 PATH，或在命令的第一个元素写出它的完整路径',
    nulValue: '参数 {key}：其值含有 NUL 字符，进程参数和环境变量都无法携带',
    missingValue: '配置中没有参数 {key} 的值'
  },
  notResumable: '运行 {id} 属于命令训练器 {name}，无法继续；请开始新的运行（脚本可从其他运行文件夹读取检查点）',
  noDataset: '训练器 {name} 是命令训练器：其脚本自行读取数据；请不要指定数据集',
  run: {
    exitCode: '命令以退出码 {code} 结束',
    cancelled: '已取消：命令在停止文件与 SIGTERM 后停止',
    cancelKilled: '已取消：命令在 SIGTERM 后 {seconds} 秒内未停止，已终止其进程组',
    notStarted: '无法启动命令 {file}：{error}',
    metricWarning: 'paramscope：{warning}'
  },
  cli: {
    addNeedsFile: 'trainers add 需要一个 FILE：.yaml、.yml 或 .json 格式的命令训练器定义',
    nameNeeded: 'trainers {action} 需要命令训练器的名称 NAME',
    added: '已添加命令训练器 {name}：{command}',
    replaced: '已替换命令训练器 {name}：{command}',
    removed: '已移除命令训练器 {name}',
    exported: '已将命令训练器 {name} 写入 {file}',
    exists: '已有名为 {name} 的命令训练器；加 --replace 以替换',
    notFound: '没有名为 {name} 的命令训练器（已注册：{known}）',
    noneRegistered: '无',
    builtin: '{name} 是内置训练器；只能移除或导出命令训练器',
    headers: { name: '训练器', kind: '类型', label: '名称', params: '参数', command: '命令' },
    kinds: { builtin: '内置', command: '命令' }
  }
}
