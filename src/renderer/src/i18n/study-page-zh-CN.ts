import type studyPageEn from './study-page-en'

/** 研究页面的中文文本。 */
const studyPageZh: typeof studyPageEn = {
  experiment: '实验',
  trainer: '训练器',
  design: '设计',
  designValue: '{method}，n = {n}',
  repeats: '重复次数',
  objective: '目标',
  objectiveValue: '{direction} {metric}（{value}）',
  directions: { min: '最小化', max: '最大化' },
  values: { last: '最终值', best: '最佳值', at: '第 {step} 步的值' },
  pruner: '剪枝',
  progress: '进度',
  progressValue: '已完成 {done} / {planned} 个试验',
  eta: '剩余时间',
  etaUnknown: '有试验完成后可知',
  elapsed: '已用时间',
  best: '目前最佳',
  bestNone: '尚无试验完成。',
  bestRun: '打开其运行',
  history: '优化历史',
  historyHelp: '各已完成试验按试验序号的目标值；被剪枝的试验以叉号表示其最后的值；折线为目前最佳。',
  historyFinished: '已完成',
  historyPruned: '已剪枝',
  historyBest: '目前最佳',
  trialIndex: '试验',
  trials: '试验',
  trialsEmpty: '没有计划的试验。',
  columns: {
    index: '#',
    status: '状态',
    repeat: '重复',
    seed: '种子',
    objective: '目标值',
    prunedStep: '剪枝步',
    duration: '时长',
    device: '设备',
    attempts: '启动次数',
    message: '消息'
  },
  sortBy: '按{column}排序',
  page: '第 {from}–{to} 个试验，共 {total} 个',
  previous: '上一页',
  next: '下一页',
  slots: '正在运行',
  slotsEmpty: '没有正在运行的试验。',
  slotTrial: '试验 {index}',
  trialStatuses: { queued: '排队中', running: '运行中', finished: '已完成', failed: '失败', pruned: '已剪枝', cancelled: '已取消' },
  actions: {
    pause: '暂停',
    pausing: '正在暂停…',
    resume: '继续',
    resuming: '正在继续…',
    cancel: '取消研究',
    cancelling: '正在取消…',
    cancelTitle: '取消研究“{name}”？',
    cancelText: '正在运行的试验将停止，它们和排队中的试验都会变为已取消。已完成的试验会保留。',
    keepRunning: '保留',
    extend: '扩展…',
    export: '导出定义',
    analyse: '分析'
  },
  extend: {
    title: '计划更多试验',
    n: '增加的设计点数',
    repeats: '增加的重复次数（每点的种子数）',
    submit: '添加试验',
    submitting: '正在添加…',
    close: '关闭',
    nothing: '请增加设计点或重复次数：至少一项大于 0',
    whole: '请输入不小于 0 的整数'
  },
  exported: {
    title: '研究定义（YAML）',
    copy: '复制',
    copied: '已复制',
    download: '下载',
    close: '关闭'
  }
}

export default studyPageZh
