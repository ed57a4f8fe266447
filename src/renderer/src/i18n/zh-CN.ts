import type { Messages } from './en'

/** 简体中文。键与 en.ts 完全一致（类型检查保证）。 */
const zhCN: Messages = {
  app: { name: 'ParamScope', tagline: '调参不再靠猜' },
  nav: { experiments: '实验', main: '主导航' },
  locale: { label: '语言', en: 'English', 'zh-CN': '中文' },
  common: {
    loading: '加载中…',
    retry: '重试',
    none: '—',
    back: '返回',
    notFound: '未找到'
  },
  status: {
    queued: '排队中',
    running: '运行中',
    finished: '已完成',
    failed: '失败',
    crashed: '已崩溃',
    diverged: '已发散',
    cancelled: '已取消',
    interrupted: '已中断'
  },
  errors: {
    INVALID_INPUT: '输入无效',
    INVALID_CONFIG: '配置无效',
    DATASET_INVALID: '数据集有问题',
    NOT_FOUND: '未找到',
    CONFLICT: '冲突',
    UNSUPPORTED: '此处不可用',
    UNAUTHORIZED: '未授权：请打开 paramscope serve 输出的带令牌的地址',
    INTERNAL: '意外错误'
  },
  problems: {
    number: '必须是数字（当前为 {got}）',
    integer: '必须是整数（当前为 {got}）',
    min: '必须 ≥ {bound}（当前为 {got}）',
    minExclusive: '必须 > {bound}（当前为 {got}）',
    max: '必须 ≤ {bound}（当前为 {got}）',
    maxExclusive: '必须 < {bound}（当前为 {got}）',
    bool: '必须是 true 或 false（当前为 {got}）',
    choice: '必须是 {choices} 之一（当前为 {got}）',
    text: '必须是文本（当前为 {got}）',
    required: '不能为空',
    unknown: '不是该训练器的参数'
  },
  duration: { seconds: '{s} 秒', minutes: '{m} 分 {s} 秒', hours: '{h} 小时 {m} 分' },
  experiments: {
    title: '实验',
    empty: '还没有实验。创建一个实验，把回答同一个问题的运行放在一起。',
    name: '名称',
    description: '描述',
    runs: '运行数',
    active: '进行中',
    created: '创建时间',
    createTitle: '新建实验',
    namePlaceholder: '例如：iris 学习率扫描',
    descriptionPlaceholder: '这些运行要回答什么问题？',
    create: '创建',
    creating: '创建中…',
    nameRequired: '请输入名称',
    nameTaken: '已存在名为“{name}”的实验'
  },
  experiment: {
    runs: '运行',
    newRun: '新建运行',
    noRuns: '还没有运行。',
    allExperiments: '全部实验',
    columns: {
      name: '名称',
      status: '状态',
      trainer: '训练器',
      params: '改动的参数',
      valLoss: '最终验证损失',
      valAccuracy: '最终验证准确率',
      created: '创建时间',
      duration: '时长'
    },
    defaults: '默认值'
  },
  newRun: {
    title: '新建运行',
    trainer: '训练器',
    dataset: '数据集文件',
    datasetPlaceholder: '/path/to/data.csv',
    browse: '浏览…',
    pickTitle: '选择数据集',
    datasetRequired: '请选择数据集文件',
    name: '运行名称',
    namePlaceholder: '可选：默认按改动的参数命名',
    parameters: '参数',
    resetDefaults: '恢复默认值',
    start: '开始运行',
    checking: '检查中…',
    starting: '启动中…',
    fixIssues: '请先修正标出的字段。',
    noTrainers: '没有可用的训练器。',
    otherGroup: '其他',
    defaultValue: '默认：{value}',
    usual: '常用 {min} – {max}',
    changed: '已改动（不同于默认值）',
    yes: '开',
    no: '关'
  },
  run: {
    trainer: '训练器',
    device: '设备',
    started: '开始',
    ended: '结束',
    duration: '时长',
    progress: '进度',
    steps: '第 {step} / {total} 步',
    stepsUnknown: '第 {step} 步',
    cancel: '取消运行',
    cancelling: '取消中…',
    config: '配置',
    log: '日志',
    logEmpty: '暂无输出。',
    logTruncated: '仅显示最后 {count} 个字符。',
    dataset: '数据集',
    seed: '随机种子',
    charts: { loss: '损失', accuracy: '准确率', lr: '学习率', step: '步', noData: '暂无数据点' }
  }
}

export default zhCN
