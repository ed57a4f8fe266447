import type { RunsTableMessages } from './runs-table-en'

/** 运行表（运行比较）的中文文案。 */
const runsTableZh: RunsTableMessages = {
  title: '运行表',
  open: '运行表',
  openHelp: '排序、筛选、分组并比较这些运行',
  count: '共 {total} 个运行，显示 {shown} 个',
  loading: '正在加载运行…',
  loadingRest: '正在加载其余运行…',
  empty: '没有符合条件的运行。',
  noSource: '请从实验或研究页面打开此页。',
  filter: {
    label: '筛选',
    placeholder: "例如 metrics.val/loss < 0.5 and (params.optimizer.name = 'adamw' or status != failed)",
    error: '第 {position} 个字符处：{message}'
  },
  value: {
    label: '指标取值',
    last: '最后值',
    best: '最佳值',
    min: '最小值',
    max: '最大值',
    step: '指定步数',
    stepInput: '步数'
  },
  scale: { label: '颜色刻度', none: '无', zscore: 'z 分数', minmax: '最小–最大' },
  diffOnly: '仅显示差异',
  columns: { button: '列', all: '全部', none: '全不选', reset: '重置' },
  groupBy: { label: '分组依据', none: '不分组', add: '添加参数', remove: '移除 {name}' },
  fields: { name: '名称', status: '状态', trainer: '训练器', experiment: '实验', tags: '标签', notes: '备注' },
  sortBy: '按 {column} 排序',
  selectAll: '选择所有显示的运行',
  selectRun: '选择 {name}',
  selected: '已选 {n} 个',
  clearSelection: '清除',
  compare: '比较',
  baseline: {
    pin: '设为基线',
    unpin: '取消基线',
    shown: '基线：{name}',
    mark: '基线'
  },
  group: {
    runs: 'n = {n}',
    expand: '显示该组的运行',
    collapse: '隐藏该组的运行',
    ci: '95% 区间 {lo} 至 {hi}'
  },
  best: '该列最佳值',
  edit: { tagsHelp: '标签以逗号分隔；回车保存，Esc 取消', notesHelp: '回车保存，Esc 取消', failed: '保存失败：{message}' },
  export: {
    label: '导出为',
    formats: { csv: 'CSV', json: 'JSON', md: 'Markdown', tex: 'LaTeX' },
    download: '下载',
    downloadHelp: '显示中的列和筛选保留的运行，按显示的顺序',
    copy: '复制',
    saved: '已将 {n} 个运行保存为 {file}',
    copied: '已将 {n} 个运行复制为 {format}',
    copyFailed: '无法复制（{message}），请改为下载文件'
  },
  views: {
    title: '已保存的视图',
    name: '视图名称',
    save: '保存视图',
    none: '尚无保存的视图。',
    remove: '删除视图 {name}',
    copyLink: '此视图的链接'
  }
}

export default runsTableZh
