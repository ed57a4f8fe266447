/**
 * The words of a comparison report (HTML and PDF) and of the engine's refusals while making one;
 * `report-zh-CN.ts` holds the same texts in Chinese.
 */
export const reportEn = {
  title: {
    study: 'Study report: {name}',
    experiment: 'Experiment report: {name}',
    runs: 'Report on {count} runs'
  },
  generated: 'Generated {date} by ParamScope {version}',
  section: {
    question: 'Question and notes',
    best: 'Best configuration',
    table: 'Comparison table',
    curves: 'Curves',
    sensitivity: 'Sensitivity',
    diff: 'Config diff',
    repro: 'Reproducibility'
  },
  noNotes: 'No description or notes were written.',
  experimentLabel: 'Experiment',
  studyLabel: 'Study',
  runNotes: 'Notes of {run}',
  bestBy: 'Best run by {metric} ({goal}): {run} = {value}',
  noBest: 'No run reported {metric}.',
  goal: { min: 'lower is better', max: 'higher is better' },
  col: {
    run: 'Run',
    status: 'Status',
    parameter: 'Parameter',
    value: 'Value',
    values: 'Values in these runs',
    bestValue: 'Best run',
    tier: 'Tier',
    importance: 'Importance',
    interval: 'Interval (confidence 0.95)',
    range: 'Recommended range',
    item: 'Item'
  },
  tableNote: '{count} runs, best first by {metric}. Cell colour: {normalization} per column, darker is better.',
  normalization: { minmax: 'min–max scale', zscore: 'z-score', none: 'none' },
  curvesNote: '{metric} against step, {shown} of {count} runs (the best).',
  noCurves: 'The runs recorded no series of {metric}.',
  sensitivityNote: '{method} on {n} runs, target {target}.',
  noSensitivity: 'No sensitivity analysis: {reason}',
  notVarying: 'no parameter varies across these runs',
  tooFew: 'fewer than {min} runs reported {metric}',
  analysisFailed: 'the analysis failed: {reason}',
  tier: { high: 'high', medium: 'medium', low: 'low', unclear: 'unclear', noise: 'noise' },
  noise: 'Seed noise floor: std {std} ({lo}–{hi}) over {groups} repeated configurations.',
  diffNote: '{count} parameters differ; {constant} are the same in every run.',
  noDiff: 'Every run has the same configuration.',
  constantTitle: 'The same in every run',
  repro: {
    datasets: 'Datasets (SHA-256)',
    trainers: 'Trainers and versions',
    engines: 'Engine versions',
    providers: 'Execution provider and device',
    seeds: 'Seeds',
    command: 'Command of {trainer}',
    host: 'Machine that made this report',
    hostNote: 'Runs do not record their host; this is the machine that wrote the report.',
    os: 'OS',
    cpu: 'CPU',
    gpu: 'GPU',
    none: 'none recorded',
    chromium: 'Printed by'
  },
  written: 'Wrote {path} ({bytes} bytes)',
  writtenHtml: 'Wrote {path}',
  more: '… and {count} more',
  /** Refusals and failures while making a report. */
  error: {
    noChromium:
      'No Chromium to print the PDF: install Chromium, Google Chrome or Microsoft Edge (Debian/Ubuntu: apt install chromium), or set PARAMSCOPE_CHROMIUM to one; `--html FILE` writes the report without one',
    badChromium: 'PARAMSCOPE_CHROMIUM is set to {path}, which does not exist',
    noPlaywright: 'Printing a PDF from the command line needs playwright-core (npm install playwright-core); `--html FILE` writes the report without it',
    printFailed: 'Chromium could not print the report: {reason}',
    noRuns: 'The report has no runs: {source} has none',
    noStudy: 'No study {id}',
    noExperiment: 'No experiment {name}',
    noRun: 'No run {id}',
    outExtension: '{flag} must name a {ext} file, not {path}',
    oneSource: 'report needs one of --study ID, --experiment NAME or --runs ID,...',
    needsOut: 'report needs --out FILE.pdf or --html FILE.html'
  }
}
