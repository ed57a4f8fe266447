/** English words of the runs table (comparison of runs); zh-CN mirrors this shape. */
const runsTableEn = {
  title: 'Runs table',
  open: 'Runs table',
  openHelp: 'Sort, filter, group and compare these runs',
  count: '{shown} of {total} runs',
  loading: 'Loading runs…',
  loadingRest: 'loading the rest…',
  empty: 'No runs match.',
  noSource: 'Open this page from an experiment or a study.',
  filter: {
    label: 'Filter',
    placeholder: "e.g. metrics.val/loss < 0.5 and (params.optimizer.name = 'adamw' or status != failed)",
    error: 'At character {position}: {message}'
  },
  value: {
    label: 'Metric value',
    last: 'last',
    best: 'best',
    min: 'min',
    max: 'max',
    step: 'at step',
    stepInput: 'Step'
  },
  scale: { label: 'Colour scale', none: 'none', zscore: 'z-score', minmax: 'min–max' },
  diffOnly: 'Differences only',
  columns: { button: 'Columns', all: 'All', none: 'None', reset: 'Reset' },
  groupBy: { label: 'Group by', none: 'no grouping', add: 'Add a parameter', remove: 'Remove {name}' },
  fields: { name: 'Name', status: 'Status', trainer: 'Trainer', experiment: 'Experiment', tags: 'Tags', notes: 'Notes' },
  sortBy: 'Sort by {column}',
  selectAll: 'Select all shown runs',
  selectRun: 'Select {name}',
  selected: '{n} selected',
  clearSelection: 'Clear',
  compare: 'Compare',
  baseline: {
    pin: 'Pin as baseline',
    unpin: 'Unpin the baseline',
    shown: 'Baseline: {name}',
    mark: 'baseline'
  },
  group: {
    runs: 'n = {n}',
    expand: 'Show the runs of this group',
    collapse: 'Hide the runs of this group',
    ci: '95% interval {lo} to {hi}'
  },
  best: 'best of the column',
  edit: { tagsHelp: 'Tags, separated by commas; Enter saves, Escape cancels', notesHelp: 'Enter saves, Escape cancels', failed: 'Could not save: {message}' },
  export: {
    label: 'Export as',
    formats: { csv: 'CSV', json: 'JSON', md: 'Markdown', tex: 'LaTeX' },
    download: 'Download',
    downloadHelp: 'The shown columns and the runs the filter keeps, in the shown order',
    copy: 'Copy',
    saved: '{n} runs saved as {file}',
    copied: '{n} runs copied as {format}',
    copyFailed: 'Could not copy ({message}); download the file instead'
  },
  views: {
    title: 'Saved views',
    name: 'View name',
    save: 'Save view',
    none: 'No saved views yet.',
    remove: 'Delete the view {name}',
    copyLink: 'Link to this view'
  }
}

export type RunsTableMessages = typeof runsTableEn
export default runsTableEn
