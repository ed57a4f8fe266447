import type compareEn from './compare-en'

const compareZhCN: typeof compareEn = {
  title: '对比运行',
  intro: '并排对比 {count} 个运行。在图表或其滑块上拖动即可缩放：引擎会发送该窗口的细节数据。',
  noRuns: '未选择运行：请从运行表格中选中运行后打开此页，例如 #/compare?runs=1,2,3。',
  missingRuns: '未找到，已略过：{ids}。',
  controls: {
    label: '图表设置',
    smoothing: '平滑',
    smoothingValue: 'EMA {value}',
    logY: '对数 y 轴',
    x: 'x 轴',
    xStep: '步数',
    xEpoch: '轮次',
    xTime: '时间',
    groupBy: '分组依据',
    groupNone: '不分组',
    groupHelp: '所选参数取值相同的运行（例如同一设置的所有种子）绘制为均值曲线和 ± 标准差带。',
    envelope: '曲线周围的浅色带是每个绘制点所代表的数据点的最小–最大范围，即使曲线越过尖峰也能看到它。'
  },
  chart: {
    points: '显示 {shown} / {total} 个点',
    zoomed: '已缩放：显示窗口内的细节',
    noData: '这些运行都没有记录此指标。',
    lacking: '未记录此指标：{runs}',
    group: '{label}（n = {n}）',
    ungrouped: '（未设置）'
  },
  diff: {
    title: '配置',
    differencesOnly: '仅显示差异',
    param: '参数',
    differs: '各运行取值不同',
    same: '这些运行的参数没有差异。',
    unset: '—'
  },
  summary: {
    title: '汇总',
    run: '运行',
    metric: '指标',
    final: '最终值',
    best: '最佳值',
    bestHelp: '最佳值按运行的训练器或研究为该指标声明的目标取；未声明时，损失和误差类指标取最小值，其他指标取最大值。',
    none: '—'
  }
}

export default compareZhCN
