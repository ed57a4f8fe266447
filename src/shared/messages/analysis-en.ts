/**
 * English words of the analysis warnings and facts the engine reports as codes. `{name}` takes a
 * value; a value that names a word of `words` (a method, a reason, a design) is worded first.
 * zh-CN mirrors this shape; the renderer's analysis i18n and the CLI both read these tables.
 */
const analysisMessagesEn = {
  messages: {
    estimatorSwitched: 'You chose {requested}, but {reason} So this ran {ran} instead.',
    runsLeftOut: '{count} run(s) still queued or running were left out.',
    seedColumns: '{names} read as the seed: rows that differ only there are repeats of one configuration.',
    rowsDropped: '{count} {where}(s) have no value for {target} and were left out ({where} {rows}).',
    conditionalParam: '{param}: active in {active} of {rows} rows.',
    fanovaPairsLimited: 'Pairwise interactions are decomposed for up to {max} parameters, and there are {count}: choose the parameters to see them.',
    lowOobR2: 'Out-of-bag R² is {r2}: the forest predicts unseen trials poorly, so these indices describe the forest more than the data.',
    constantTrees: 'Every tree is constant: the target does not vary with the parameters.',
    morrisStepped: '{names}: integer, stepped or categorical, so their steps are read between level centres and their effects are approximate.',
    surfaceCategorical: 'Categorical parameters have no quadratic and were left out of the surface: {names}.',
    surfaceInactiveRows: '{count} row(s) with an inactive parameter were left out of the fit.',
    oatSkipped: '{count} row(s) change more than one parameter from the baseline and were not used.',
    fanovaInactive: '{names}: rows where they do not apply form their own region of the forest, weighted by their share.',
    quantileInactive: '{names}: measured on the rows where they apply, the top {gamma} among them.',
    correlationRatio: '{names}: categorical, so their column is the correlation ratio η, which has no sign.',
    oatUnchanged: '{names}: no row changes them alone from the baseline, so they have no local effect here.',
    oatOneSided: '{names}: the baseline sits at one end of the rows, so their slope is a one-sided difference.',
    belowNoiseFloor: 'Under the seed-noise floor (effect below one seed-to-seed σ): {names}.',
    sobolSingleDesign:
      'One scrambled design, the accurate default: its estimates are as close as {n} evaluations allow, but the bootstrap treats the quasi-random rows as independent, so the intervals are conservative, often several times wider than the real error. For intervals that match the error, write the design with replicates (honest intervals: paramscope design --replicates {replicates}), at the cost of estimates about 3–4× further off.',
    sobolReplicated:
      'Honest intervals: {replicates} independently scrambled replicates give t intervals that cover the true index about {confidence}% of the time, at the cost of estimates further off than one design of the same size (about 3–4× with 8 replicates).',
    negativeIndex: '{param}: {index} below 0 is estimation error, consistent with 0.',
    negativeInterval: '{param}: {index} below 0, and its interval too: the design is too small.',
    intervalTooWide:
      '{param}: the {index} interval [{lo}, {hi}] is wider than an index’s whole range (0 to 1): far too few evaluations for this. About {needed} evaluations would narrow it to ±{target} (now {n}).',
    totalAboveOne: '{param}: {index} = {value} is above 1, which a share of variance cannot be: far too few evaluations for this. About {needed} evaluations would be needed (now {n}).',
    firstOrderSumAboveOne: 'The first-order indices add up to {sum}, above 1, which shares of variance cannot: far too few evaluations for this. About {needed} evaluations would be needed (now {n}).',
    bestInactive: '{param}: the best run does not use this parameter, so its recommended range comes from the other good runs.',
    bestLevelOther: '{param}: the best run used {best}, but {advised} is the level most over-represented among the good runs, so it is the one recommended; {best} may have done well by chance.',
    deterministicRepeats: '{count} configuration(s) repeated with the same seed gave identical results: the runs are deterministic, so repeating them measures no noise.',
    nondeterministicRepeats: '{count} configuration(s) repeated with the same seed differ (σ = {std}): the runs are not deterministic; these repeats were not counted as seed noise.',
    sameSeedOnly: 'Configurations repeat only with the same seed, so the seed-noise floor is unknown: repeat some with other seeds to measure it.',
    studyTrials: 'Study {study}: {used} of {planned} trials analysed, over its swept parameters only; “objective” is {metric} at {value}.',
    studyUnfinished: '{count} trial(s) of the study not finished (queued, running, failed or cancelled) were left out.',
    studyPrunedLeftOut: '{count} pruned trial(s) left out: their values were taken before they ended and do not compare with finished trials. Include pruned trials to analyse them at their last value.',
    studyPrunedIncluded: '{count} pruned trial(s) included at the last value they reported before they were stopped.',
    studyRepeatsAveraged: 'The study ran each point of its {design} design {repeats} times over seeds: the estimator reads each point’s mean, and the seed-noise floor reads the repeats.',
    studyDesignIncomplete: '{missing} of the {points} points of the study’s {design} design have no finished trial, so the rows no longer form that design.',
    studyTrajectoriesDropped: '{dropped} of the study’s {trajectories} Morris trajectories have a point with no finished trial: Morris read the {kept} whole ones.',
    studyPointsMissing: '{missing} of the {points} points of the study’s {design} design have no finished trial and were left out; the others still form that design.',
    studyDesignIncompleteRan:
      '{missing} of the {points} points of the study’s {design} design have no finished trial, so the rows no longer form that design and its own estimator cannot read them: this ran {ran} instead.'
  },
  /** The CLI's headings around the analysis (`paramscope analyze`). */
  labels: {
    heading: '{method} of {target} ({goal}), n={n}',
    lowerBetter: 'lower is better',
    higherBetter: 'higher is better',
    seed: 'seed {seed}',
    parameter: 'parameter',
    tier: 'tier',
    tierBy: 'tier (by {basis})',
    bestRange: 'best range',
    best: 'best {value}',
    widened: '* widened to take in the best run’s value',
    pairs: 'pairs ({index}):',
    noise: 'seed noise: std {std} [{lo}, {hi}] over {groups} repeated configurations',
    warnings: 'warnings:',
    computed: 'how this was computed:',
    constants: 'held constant: {list}',
    unset: '(unset)'
  },
  words: {
    requested: {
      sobol: 'Sobol indices',
      morris: 'Morris screening',
      fanova: 'Functional ANOVA (random forest)',
      quantile: 'Top-quantile importance',
      correlation: 'Rank correlation',
      oat: 'Local one-at-a-time',
      surface: 'Response surface'
    },
    reason: {
      notSaltelli: 'its Saltelli estimators need rows in a Saltelli design, and these rows are not one (design: {design}).'
    },
    ran: {
      surrogateSobol: 'Sobol indices of a random forest fitted to the rows (spread across trees)',
      morris: 'Morris screening',
      fanova: 'Functional ANOVA (random forest)',
      quantile: 'Top-quantile importance',
      correlation: 'Rank correlation',
      oat: 'Local one-at-a-time',
      surface: 'Response surface'
    },
    design: { saltelli: 'Saltelli', morris: 'Morris trajectories', oat: 'one at a time', other: 'other (random, grid, imported…)' },
    where: { line: 'line', row: 'row' },
    value: { last: 'its last value', best: 'its best value', at: 'its value at step {step}' }
  }
}

export default analysisMessagesEn
