import type analysisMessagesEn from './analysis-en'

/** 分析警告与说明的中文措辞，与 analysis-en.ts 同形。 */
const analysisMessagesZhCN: typeof analysisMessagesEn = {
  messages: {
    estimatorSwitched: '你选择了{requested}，但{reason}因此改为运行{ran}。',
    runsLeftOut: '{count} 个仍在排队或运行的运行未纳入分析。',
    seedColumns: '{names} 被视为随机种子：只在这些列上不同的行是同一配置的重复。',
    rowsDropped: '{count} {where}没有 {target} 的值，已略去（{where} {rows}）。',
    conditionalParam: '{param}：只在 {rows} 行中的 {active} 行起作用。',
    fanovaPairsLimited: '两两交互最多分解 {max} 个参数，这里有 {count} 个：请选择参数以查看交互。',
    lowOobR2: '袋外 R² 为 {r2}：随机森林对未见过的试验预测很差，这些指标更多描述的是森林而不是数据。',
    constantTrees: '每棵树都是常数：目标不随参数变化。',
    morrisStepped: '{names}：整数、分档或类别参数，其步长按档位中心读取，效应只是近似值。',
    surfaceCategorical: '类别参数没有二次项，已从响应曲面中略去：{names}。',
    surfaceInactiveRows: '{count} 行有未生效的参数，已从拟合中略去。',
    oatSkipped: '{count} 行相对基线改变了不止一个参数，未被使用。',
    fanovaInactive: '{names}：它们不起作用的行在随机森林中自成一个区域，按其所占比例加权。',
    quantileInactive: '{names}：只在它们起作用的行上测量，取其中最好的 {gamma}。',
    correlationRatio: '{names}：类别参数，其列为相关比 η，没有正负号。',
    oatUnchanged: '{names}：没有哪一行只改变它们而其余保持基线，因此这里没有它们的局部效应。',
    oatOneSided: '{names}：基线位于这些行的一端，因此斜率是单侧差分。',
    belowNoiseFloor: '低于种子噪声底（效应小于一个种子间标准差 σ）：{names}。',
    sobolSingleDesign:
      '单个加扰设计（精确的默认设置）：估计值已达到 {n} 次评估所能达到的精度，但自助法把拟随机的行当作相互独立，因此区间偏保守，往往比真实误差宽好几倍。若要区间与误差相符，请用重复生成设计（诚实区间：paramscope design --replicates {replicates}），代价是估计误差约大 3–4 倍。',
    sobolReplicated: '诚实区间：{replicates} 个独立加扰的重复给出的 t 区间约有 {confidence}% 的时候包含真实指标，代价是估计误差比同样规模的单个设计更大（8 个重复时约大 3–4 倍）。',
    negativeIndex: '{param}：{index} 小于 0 是估计误差，与 0 一致。',
    negativeInterval: '{param}：{index} 及其区间都小于 0：设计太小。',
    intervalTooWide: '{param}：{index} 的区间 [{lo}, {hi}] 比指标的整个取值范围（0 到 1）还宽：评估次数远远不够。约需 {needed} 次评估才能把它缩小到 ±{target}（现在 {n} 次）。',
    totalAboveOne: '{param}：{index} = {value} 大于 1，而方差占比不可能如此：评估次数远远不够。约需 {needed} 次评估（现在 {n} 次）。',
    firstOrderSumAboveOne: '一阶指标之和为 {sum}，大于 1，而方差占比不可能如此：评估次数远远不够。约需 {needed} 次评估（现在 {n} 次）。',
    bestInactive: '{param}：最佳运行没有用到这个参数，因此推荐范围取自其他好的运行。',
    bestLevelOther: '{param}：最佳运行用的是 {best}，但在好的运行中占比最突出的是 {advised}，因此推荐后者；{best} 的好成绩可能出于偶然。',
    deterministicRepeats: '{count} 个以相同种子重复的配置结果完全相同：运行是确定性的，重复它们测不出噪声。',
    nondeterministicRepeats: '{count} 个以相同种子重复的配置结果不同（σ = {std}）：运行不是确定性的；这些重复未计入种子噪声。',
    sameSeedOnly: '配置只以相同种子重复，因此种子噪声底未知：请用其他种子重复一些配置来测量它。',
    studyTrials: '研究 {study}：分析了 {planned} 个试验中的 {used} 个，只含其扫描的参数；“objective” 即 {metric}（{value}）。',
    studyUnfinished: '研究中 {count} 个未完成的试验（排队、运行中、失败或已取消）未纳入分析。',
    studyPrunedLeftOut: '{count} 个被剪枝的试验未纳入：它们的值在结束前取得，与完成的试验不可比。纳入被剪枝的试验即可按其最后的值分析它们。',
    studyPrunedIncluded: '{count} 个被剪枝的试验已按其停止前报告的最后值纳入。',
    studyRepeatsAveraged: '研究对其 {design} 设计的每个点用不同种子各运行了 {repeats} 次：估计量读取每个点的均值，种子噪声底读取这些重复。',
    studyDesignIncomplete: '研究的 {design} 设计的 {points} 个点中有 {missing} 个没有完成的试验，因此这些行已不再构成该设计。',
    studyTrajectoriesDropped: '研究的 {trajectories} 条 Morris 轨迹中有 {dropped} 条含有没有完成试验的点：Morris 只读取了完整的 {kept} 条。',
    studyPointsMissing: '研究的 {design} 设计的 {points} 个点中有 {missing} 个没有完成的试验，已略去；其余的点仍构成该设计。',
    studyDesignIncompleteRan: '研究的 {design} 设计的 {points} 个点中有 {missing} 个没有完成的试验，因此这些行已不再构成该设计，其自身的估计量无法读取它们：改为运行了{ran}。'
  },
  labels: {
    heading: '{target} 的 {method}（{goal}），n={n}',
    lowerBetter: '越低越好',
    higherBetter: '越高越好',
    seed: '种子 {seed}',
    parameter: '参数',
    tier: '层级',
    tierBy: '层级（按 {basis}）',
    bestRange: '最佳范围',
    best: '最佳 {value}',
    widened: '* 已放宽以包含最佳运行的值',
    pairs: '参数对（{index}）：',
    noise: '种子噪声：标准差 {std} [{lo}, {hi}]，来自 {groups} 个重复的配置',
    warnings: '警告：',
    computed: '计算方式：',
    constants: '保持不变：{list}',
    unset: '（未设置）'
  },
  words: {
    requested: {
      sobol: 'Sobol 指数',
      morris: 'Morris 筛选',
      fanova: '函数型方差分析（随机森林）',
      quantile: '最优分位重要性',
      correlation: '秩相关',
      oat: '局部单因素',
      surface: '响应曲面'
    },
    reason: {
      notSaltelli: '其 Saltelli 估计量需要按 Saltelli 设计排列的行，而这些行不是（设计：{design}）。'
    },
    ran: {
      surrogateSobol: '对这些行拟合的随机森林的 Sobol 指数（附各棵树之间的离散）',
      morris: 'Morris 筛选',
      fanova: '函数型方差分析（随机森林）',
      quantile: '最优分位重要性',
      correlation: '秩相关',
      oat: '局部单因素',
      surface: '响应曲面'
    },
    design: { saltelli: 'Saltelli', morris: 'Morris 轨迹', oat: '单因素轮换', other: '其他（随机、网格、导入…）' },
    where: { line: '行', row: '行' },
    value: { last: '最后的值', best: '最好的值', at: '第 {step} 步的值' }
  }
}

export default analysisMessagesZhCN
