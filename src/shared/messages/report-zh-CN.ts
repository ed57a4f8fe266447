import type { reportEn } from './report-en'

/** 报告（HTML 与 PDF）的文字，以及生成报告时引擎的拒绝与失败说明。 */
export const reportZhCN: typeof reportEn = {
  title: {
    study: '研究报告：{name}',
    experiment: '实验报告：{name}',
    runs: '{count} 次运行的报告'
  },
  generated: '由 ParamScope {version} 生成于 {date}',
  section: {
    question: '问题与备注',
    best: '最佳配置',
    table: '对比表',
    curves: '曲线',
    sensitivity: '敏感性',
    diff: '配置差异',
    repro: '可复现性'
  },
  noNotes: '没有写描述或备注。',
  experimentLabel: '实验',
  studyLabel: '研究',
  runNotes: '{run} 的备注',
  bestBy: '按 {metric}（{goal}）的最佳运行：{run} = {value}',
  noBest: '没有运行报告 {metric}。',
  goal: { min: '越低越好', max: '越高越好' },
  col: {
    run: '运行',
    status: '状态',
    parameter: '参数',
    value: '值',
    values: '这些运行中的取值',
    bestValue: '最佳运行',
    tier: '层级',
    importance: '重要性',
    interval: '置信区间（置信水平 0.95）',
    range: '推荐范围',
    item: '项目'
  },
  tableNote: '共 {count} 次运行，按 {metric} 从好到差排列。单元格颜色：每列{normalization}，越深越好。',
  normalization: { minmax: '最小–最大缩放', zscore: 'z 分数', none: '无' },
  curvesNote: '{metric} 随步数变化，显示 {count} 次运行中最好的 {shown} 次。',
  noCurves: '这些运行没有记录 {metric} 的序列。',
  sensitivityNote: '{method}，{n} 次运行，目标 {target}。',
  noSensitivity: '没有敏感性分析：{reason}',
  notVarying: '这些运行中没有参数变化',
  tooFew: '报告 {metric} 的运行少于 {min} 次',
  analysisFailed: '分析失败：{reason}',
  tier: { high: '高', medium: '中', low: '低', unclear: '不确定', noise: '噪声' },
  noise: '种子噪声下限：标准差 {std}（{lo}–{hi}），来自 {groups} 组重复配置。',
  diffNote: '{count} 个参数不同；{constant} 个参数在所有运行中相同。',
  noDiff: '所有运行的配置相同。',
  constantTitle: '所有运行相同',
  repro: {
    datasets: '数据集（SHA-256）',
    trainers: '训练器及版本',
    engines: '引擎版本',
    providers: '执行提供程序与设备',
    seeds: '随机种子',
    command: '{trainer} 的命令',
    host: '生成本报告的机器',
    hostNote: '运行不记录其主机；这是写出本报告的机器。',
    os: '操作系统',
    cpu: 'CPU',
    gpu: 'GPU',
    none: '未记录',
    chromium: '打印程序'
  },
  written: '已写出 {path}（{bytes} 字节）',
  writtenHtml: '已写出 {path}',
  more: '……另有 {count} 项',
  error: {
    noChromium:
      '没有可打印 PDF 的 Chromium：请安装 Chromium、Google Chrome 或 Microsoft Edge（Debian/Ubuntu：apt install chromium），或将 PARAMSCOPE_CHROMIUM 设为其路径；`--html FILE` 无需浏览器即可写出报告',
    badChromium: 'PARAMSCOPE_CHROMIUM 设为 {path}，但该文件不存在',
    noPlaywright: '在命令行打印 PDF 需要 playwright-core（npm install playwright-core）；`--html FILE` 无需它即可写出报告',
    printFailed: 'Chromium 无法打印报告：{reason}',
    noRuns: '报告没有运行：{source} 中没有运行',
    noStudy: '没有研究 {id}',
    noExperiment: '没有实验 {name}',
    noRun: '没有运行 {id}',
    outExtension: '{flag} 必须是 {ext} 文件，而不是 {path}',
    oneSource: 'report 需要 --study ID、--experiment NAME 或 --runs ID,... 之一',
    needsOut: 'report 需要 --out FILE.pdf 或 --html FILE.html'
  }
}
