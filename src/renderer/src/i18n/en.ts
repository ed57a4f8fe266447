/** English messages; the shape every other locale must match. */
const en = {
  app: { name: 'ParamScope', tagline: 'Tune training parameters without guessing' },
  nav: { experiments: 'Experiments', main: 'Main navigation' },
  locale: { label: 'Language', en: 'English', 'zh-CN': '中文' },
  common: {
    loading: 'Loading…',
    retry: 'Retry',
    none: '—',
    back: 'Back',
    notFound: 'Not found'
  },
  status: {
    queued: 'Queued',
    running: 'Running',
    finished: 'Finished',
    failed: 'Failed',
    crashed: 'Crashed',
    diverged: 'Diverged',
    cancelled: 'Cancelled',
    interrupted: 'Interrupted'
  },
  errors: {
    INVALID_INPUT: 'Invalid input',
    INVALID_CONFIG: 'Invalid configuration',
    DATASET_INVALID: 'Dataset problem',
    NOT_FOUND: 'Not found',
    CONFLICT: 'Conflict',
    UNSUPPORTED: 'Not available here',
    UNAUTHORIZED: 'Not authorised: open the address printed by paramscope serve, with its token',
    INTERNAL: 'Unexpected error'
  },
  problems: {
    number: 'must be a number (got {got})',
    integer: 'must be a whole number (got {got})',
    min: 'must be ≥ {bound} (got {got})',
    minExclusive: 'must be > {bound} (got {got})',
    max: 'must be ≤ {bound} (got {got})',
    maxExclusive: 'must be < {bound} (got {got})',
    bool: 'must be true or false (got {got})',
    choice: 'must be one of {choices} (got {got})',
    text: 'must be text (got {got})',
    required: 'must not be empty',
    unknown: 'is not a parameter of this trainer'
  },
  duration: { seconds: '{s}s', minutes: '{m}m {s}s', hours: '{h}h {m}m' },
  experiments: {
    title: 'Experiments',
    empty: 'No experiments yet. Create one to group the runs that answer one question.',
    name: 'Name',
    description: 'Description',
    runs: 'Runs',
    active: 'Active',
    created: 'Created',
    createTitle: 'New experiment',
    namePlaceholder: 'e.g. lr sweep on iris',
    descriptionPlaceholder: 'What question do these runs answer?',
    create: 'Create',
    creating: 'Creating…',
    nameRequired: 'Enter a name',
    nameTaken: 'An experiment named “{name}” already exists'
  },
  experiment: {
    runs: 'Runs',
    newRun: 'New run',
    noRuns: 'No runs yet.',
    allExperiments: 'All experiments',
    columns: {
      name: 'Name',
      status: 'Status',
      trainer: 'Trainer',
      params: 'Changed parameters',
      valLoss: 'Final val loss',
      valAccuracy: 'Final val accuracy',
      created: 'Created',
      duration: 'Duration'
    },
    defaults: 'defaults'
  },
  newRun: {
    title: 'New run',
    trainer: 'Trainer',
    dataset: 'Dataset file',
    datasetPlaceholder: '/path/to/data.csv',
    browse: 'Browse…',
    pickTitle: 'Choose a dataset',
    datasetRequired: 'Choose a dataset file',
    name: 'Run name',
    namePlaceholder: 'optional: named from the changed parameters',
    parameters: 'Parameters',
    resetDefaults: 'Reset to defaults',
    start: 'Start run',
    checking: 'Checking…',
    starting: 'Starting…',
    fixIssues: 'Fix the marked fields first.',
    noTrainers: 'No trainers are available.',
    otherGroup: 'Other',
    defaultValue: 'default: {value}',
    usual: 'usually {min} – {max}',
    changed: 'changed from the default',
    yes: 'on',
    no: 'off'
  },
  run: {
    trainer: 'Trainer',
    device: 'Device',
    started: 'Started',
    ended: 'Ended',
    duration: 'Duration',
    progress: 'Progress',
    steps: 'step {step} of {total}',
    stepsUnknown: 'step {step}',
    cancel: 'Cancel run',
    cancelling: 'Cancelling…',
    config: 'Configuration',
    log: 'Log',
    logEmpty: 'No output yet.',
    logTruncated: 'Showing the last {count} characters.',
    dataset: 'Dataset',
    seed: 'Seed',
    charts: { loss: 'Loss', accuracy: 'Accuracy', lr: 'Learning rate', step: 'step', noData: 'No points yet' }
  }
}

export type Messages = typeof en
export default en
