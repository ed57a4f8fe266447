/** English words of the Analysis page; zh-CN mirrors this shape. */
const analysisEn = {
  title: 'Sensitivity analysis',
  intro: 'Which parameters move a metric, how much, where, together with which others, and how sure we are.',
  source: {
    title: 'Results',
    csv: 'CSV of results',
    runs: 'Runs of an experiment',
    dropTitle: 'Drop to analyse',
    dropHint: 'A CSV of results: one row per trial, parameters and metrics as columns',
    dropHere: 'Drop a CSV of results anywhere on the window, choose it, or type its path.',
    pick: 'Choose CSV…',
    pickTitle: 'Choose a CSV of results',
    path: 'Path',
    pathPlaceholder: '/path/to/results.csv',
    load: 'Load',
    uploading: 'Uploading {name}…',
    experiment: 'Experiment',
    chooseExperiment: 'Choose an experiment',
    reduce: 'Value of each run’s metric',
    reduces: { last: 'last', min: 'minimum', max: 'maximum' },
    runsLabel: 'Runs',
    allRuns: 'All runs of the experiment ({count})',
    runsHint: 'Select runs to analyse only those; none selected means all.',
    useRuns: 'Use these runs',
    current: 'Analysing {label}',
    summary: '{rows} rows · {columns} columns · design: {design}',
    designs: { saltelli: 'Saltelli', morris: 'Morris trajectories', oat: 'one at a time', other: 'other (random, grid, imported…)' }
  },
  form: {
    target: 'Target metric',
    goal: 'Direction',
    goals: { min: 'minimise', max: 'maximise' },
    params: 'Parameters',
    all: 'All',
    none: 'None',
    method: 'Method',
    suggested: '{method} (suggested)',
    needsDesign: '{method} (needs its own design)',
    seed: 'Seed',
    seedPlaceholder: 'automatic',
    seedProblem: 'must be a whole number ≥ 0',
    noParams: 'Choose at least one parameter',
    run: 'Run analysis',
    log: 'log scale',
    metric: 'metric',
    heldConstant: 'Held constant, not analysed ({count})',
    unset: 'not set'
  },
  methods: {
    sobol: { label: 'Sobol indices', help: 'Share of the target’s variance each parameter explains alone (S1) and with all its interactions (ST); needs a Saltelli design.' },
    morris: { label: 'Morris screening', help: 'Mean absolute elementary effect μ* (influence) and its spread σ (interactions, non-linearity); needs Morris trajectories.' },
    fanova: { label: 'Functional ANOVA (random forest)', help: 'A seeded random forest fitted to any table, its variance split into main effects and pairwise interactions.' },
    quantile: { label: 'Top-quantile importance', help: 'What separates the best trials from the rest: how differently each parameter is distributed among them.' },
    correlation: { label: 'Rank correlation', help: 'Spearman and Pearson correlation of each parameter with the target, with intervals; monotone effects only.' },
    oat: { label: 'Local one-at-a-time', help: 'Finite differences around a baseline: the slope of the target along each parameter there.' },
    surface: { label: 'Response surface', help: 'A quadratic least-squares fit with R², its stationary point and contours for any pair.' }
  },
  progress: {
    label: 'Analysis progress',
    starting: 'Starting…',
    cancel: 'Cancel',
    cancelled: 'The analysis was cancelled.'
  },
  /** Stages `analysis.progress` reports, camel-cased. */
  stages: {
    reading: 'Reading the rows',
    table: 'Preparing the table',
    sobol: 'Sobol indices',
    morris: 'Morris effects',
    fanova: 'Fitting the forest',
    quantile: 'Top-quantile importance',
    correlation: 'Correlations',
    oat: 'Local effects',
    surface: 'Fitting the surface',
    contour: 'Contour',
    noiseFloor: 'Seed-noise floor',
    importanceOverTraining: 'Importance over training',
    done: 'Done'
  },
  result: {
    summary: '{method} of {target} ({goal}) over {n} rows',
    seed: 'seed {seed}',
    r2: 'R² = {r2}',
    warnings: 'Read this first',
    importance: 'Importance',
    importanceHelp: 'Bars are estimates, whiskers their intervals. A negative estimate is shown as it is: with an interval across 0 it is consistent with 0.',
    consistentWithZero: 'consistent with 0',
    morris: 'Morris μ* – σ',
    morrisHelp: 'Right: influential. Above the dashed line (σ > μ*): effects that depend on other parameters or are non-linear.',
    parallel: 'Parallel coordinates',
    parallelHelp: 'Each line is a row, coloured by the target. Drag along an axis to keep only rows in a range.',
    slices: 'Slices',
    slicesHelp: 'Each parameter against the target, one point per row.',
    contour: 'Response surface',
    contourHelp: 'A quadratic fit of the target over two parameters.',
    pairX: 'Across',
    pairY: 'Up',
    draw: 'Draw',
    contourR2: 'fit R² = {r2}',
    pairs: 'Interactions between pairs',
    pair: 'Pair',
    overTraining: 'Importance over training',
    epoch: 'epoch',
    tiers: 'Tiers and recommended ranges',
    param: 'Parameter',
    tier: 'Tier',
    index: 'Estimate',
    range: 'Recommended range',
    best: 'Best value',
    tierNames: { high: 'high', medium: 'medium', low: 'low', noise: 'below the noise floor' },
    noise: 'Seed-noise floor: σ = {std} [{lo}, {hi}] from {groups} repeated configurations',
    noNoise: 'No configuration is repeated over seeds, so the seed-noise floor is unknown.'
  },
  index: { S1: 'S1 (first order)', ST: 'ST (total)', mu_star: 'μ*', sigma: 'σ', importance: 'importance', spearman: "{'|'}ρ{'|'} Spearman", sensitivity: 'sensitivity', S2: 'S2' },
  empty: 'Choose a table of results to start.',
  notices: {
    estimatorSwitched: 'You chose {requested}, but {reason} So this ran {ran} instead.'
  },
  reasons: {
    notSaltelli: 'its Saltelli estimators need rows in a Saltelli design, and these rows are not one (design: {design}).'
  },
  estimators: {
    surrogateSobol: 'Sobol indices of a random forest fitted to the rows (spread across trees)'
  }
}

export default analysisEn
