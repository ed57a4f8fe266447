import type analysisEn from './analysis-en'

/** 分析页的中文文案，结构与 analysis-en.ts 一致。 */
const analysisZhCN: typeof analysisEn = {
  title: '敏感性分析',
  intro: '哪些参数影响指标、影响多大、在什么范围、与哪些参数共同作用，以及我们有多确定。',
  source: {
    title: '结果数据',
    csv: '结果 CSV',
    runs: '实验中的运行',
    dropTitle: '松开以分析',
    dropHint: '结果 CSV：每行一次试验，参数和指标各为一列',
    dropHere: '把结果 CSV 拖到窗口任意位置、选择文件，或输入路径。',
    pick: '选择 CSV…',
    pickTitle: '选择结果 CSV',
    path: '路径',
    pathPlaceholder: '/path/to/results.csv',
    load: '载入',
    uploading: '正在上传 {name}…',
    experiment: '实验',
    chooseExperiment: '选择一个实验',
    reduce: '每次运行取指标的',
    reduces: { last: '最后值', min: '最小值', max: '最大值' },
    runsLabel: '运行',
    allRuns: '该实验的全部运行（{count}）',
    runsHint: '选中部分运行则只分析它们；不选即全部。',
    useRuns: '使用这些运行',
    current: '正在分析 {label}',
    summary: '{rows} 行 · {columns} 列 · 设计：{design}',
    designs: { saltelli: 'Saltelli', morris: 'Morris 轨迹', oat: '单因素轮换', other: '其他（随机、网格、导入…）' }
  },
  form: {
    target: '目标指标',
    goal: '方向',
    goals: { min: '越小越好', max: '越大越好' },
    params: '参数',
    all: '全选',
    none: '全不选',
    method: '方法',
    suggested: '{method}（推荐）',
    needsDesign: '{method}（需要专门的设计）',
    seed: '随机种子',
    seedPlaceholder: '自动',
    seedProblem: '必须是 ≥ 0 的整数',
    noParams: '至少选择一个参数',
    run: '开始分析',
    log: '对数尺度',
    metric: '指标',
    heldConstant: '保持不变，不参与分析（{count}）',
    unset: '未设置'
  },
  methods: {
    sobol: { label: 'Sobol 指数', help: '每个参数单独（S1）及连同全部交互（ST）所解释的目标方差比例；需要 Saltelli 设计。' },
    morris: { label: 'Morris 筛选', help: '基本效应绝对值的均值 μ*（影响大小）与其离散程度 σ（交互或非线性）；需要 Morris 轨迹。' },
    fanova: { label: '函数型方差分析（随机森林）', help: '对任意结果表拟合带种子的随机森林，把方差分解为主效应和两两交互。' },
    quantile: { label: '最优分位重要性', help: '最好的一批试验与其余试验的区别：各参数在其中的分布差异有多大。' },
    correlation: { label: '秩相关', help: '各参数与目标的 Spearman 与 Pearson 相关及其区间；只反映单调关系。' },
    oat: { label: '局部单因素', help: '在基准点附近做有限差分：目标沿各参数方向的斜率。' },
    surface: { label: '响应曲面', help: '二次最小二乘拟合，给出 R²、驻点以及任意两参数的等高线。' }
  },
  progress: {
    label: '分析进度',
    starting: '正在启动…',
    cancel: '取消',
    cancelled: '分析已取消。'
  },
  stages: {
    reading: '读取数据行',
    table: '整理数据表',
    sobol: '计算 Sobol 指数',
    morris: '计算 Morris 效应',
    fanova: '拟合随机森林',
    quantile: '最优分位重要性',
    correlation: '计算相关',
    oat: '局部效应',
    surface: '拟合响应曲面',
    contour: '等高线',
    noiseFloor: '种子噪声水平',
    importanceOverTraining: '训练过程中的重要性',
    done: '完成'
  },
  result: {
    summary: '{target}（{goal}）的{method}，共 {n} 行',
    seed: '种子 {seed}',
    r2: 'R² = {r2}',
    warnings: '请先阅读',
    importance: '重要性',
    importanceHelp: '柱为估计值，须线为其区间。负的估计值按原样显示：若区间跨过 0，则与 0 无显著差别。',
    consistentWithZero: '与 0 无显著差别',
    morris: 'Morris μ* – σ',
    morrisHelp: '越靠右影响越大。虚线以上（σ > μ*）：效应依赖其他参数或呈非线性。',
    parallel: '平行坐标',
    parallelHelp: '每条线是一行，按目标值着色。沿坐标轴拖动可只保留该范围内的行。',
    slices: '切片图',
    slicesHelp: '每个参数对目标的散点，每行一个点。',
    contour: '响应曲面',
    contourHelp: '目标对两个参数的二次拟合。',
    pairX: '横轴',
    pairY: '纵轴',
    draw: '绘制',
    contourR2: '拟合 R² = {r2}',
    pairs: '参数两两交互',
    pair: '参数对',
    overTraining: '训练过程中的重要性',
    epoch: '轮次',
    tiers: '敏感度分级与推荐范围',
    param: '参数',
    tier: '级别',
    index: '估计值',
    range: '推荐范围',
    best: '最佳值',
    tierNames: { high: '高', medium: '中', low: '低', noise: '低于噪声水平' },
    noise: '种子噪声水平：σ = {std} [{lo}, {hi}]，来自 {groups} 组重复配置',
    noNoise: '没有在多个种子上重复的配置，因此种子噪声水平未知。'
  },
  index: { S1: 'S1（一阶）', ST: 'ST（总效应）', mu_star: 'μ*', sigma: 'σ', importance: '重要性', spearman: "{'|'}ρ{'|'} Spearman", sensitivity: '灵敏度', S2: 'S2' },
  empty: '请选择一份结果数据开始。',
  notices: {
    estimatorSwitched: '你选择了{requested}，但{reason}因此改为运行{ran}。'
  },
  reasons: {
    notSaltelli: '其 Saltelli 估计量需要按 Saltelli 设计排列的行，而这些行不是（设计：{design}）。'
  },
  estimators: {
    surrogateSobol: '对这些行拟合的随机森林的 Sobol 指数（附各棵树之间的离散）'
  }
}

export default analysisZhCN
