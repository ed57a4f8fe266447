/** English words of the compare view (overlaid curves, config diff, summary); zh-CN mirrors this shape. */
const compareEn = {
  title: 'Compare runs',
  intro: '{count} runs side by side. Drag on a chart or its slider to zoom: the engine sends the detail of the window.',
  noRuns: 'No runs chosen: open this page from the runs table with a selection, e.g. #/compare?runs=1,2,3.',
  missingRuns: 'Not found and left out: {ids}.',
  controls: {
    label: 'Chart settings',
    smoothing: 'Smoothing',
    smoothingValue: 'EMA {value}',
    logY: 'Log y axis',
    x: 'x axis',
    xStep: 'Step',
    xEpoch: 'Epoch',
    xTime: 'Wall time',
    groupBy: 'Group by',
    groupNone: 'Each run alone',
    groupHelp: 'Runs with the same values of the chosen parameters (e.g. all seeds of one setting) draw as their mean with a ± std band.',
    envelope: 'The faint band around a curve is the min–max of the points each drawn point stands for, so spikes show even when the line passes over them.'
  },
  chart: {
    points: '{shown} of {total} points',
    zoomed: 'zoomed: detail of the window',
    noData: 'None of these runs logged this metric.',
    lacking: 'Not logged by: {runs}',
    group: '{label} (n = {n})',
    ungrouped: '(not set)'
  },
  diff: {
    title: 'Configuration',
    differencesOnly: 'Differences only',
    param: 'Parameter',
    differs: 'differs between runs',
    same: 'No parameter differs between these runs.',
    unset: '—'
  },
  summary: {
    title: 'Summary',
    run: 'Run',
    metric: 'Metric',
    final: 'Final',
    best: 'Best',
    bestHelp: "Best follows the goal a run's trainer or study declares for the metric; where none does, the lowest value of losses and errors, the highest of other metrics.",
    none: '—'
  }
}

export default compareEn
