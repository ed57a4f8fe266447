/**
 * What a study's runner says about a study and its trials: why it stopped or paused, why a
 * trial failed, was cancelled, requeued or pruned. The ledger keeps the code and values beside
 * the English; the study page and `paramscope study status` word them in the reader's language.
 */
export const studiesEn = {
  /** Why a study stopped or paused (its status message). */
  status: {
    budgetTrials: 'budget of {max} trials reached',
    budgetSeconds: 'budget of {seconds} s reached',
    allEnded: 'every planned trial has ended',
    cancelled: 'cancelled',
    paused: 'paused',
    pausedBecause: 'paused: {reason}',
    engineStopped: 'the engine that ran it stopped; resume it to go on',
    pausedByProcess: 'paused by process {pid}',
    cancelledByProcess: 'cancelled by process {pid}',
    extended: 'extended; resume it to run the new trials'
  },
  /** Why a trial ended as it did, or waits again. */
  trial: {
    studyCancelled: 'the study was cancelled',
    engineStopped: 'its engine stopped while it ran',
    engineStoppedBeforeStart: 'its engine stopped before its run started',
    runCancelled: 'its run {run} was cancelled',
    runEnded: 'run {run} {status}',
    runEndedBecause: 'run {run} {status}: {reason}',
    requeued: 'queued again; resumes from its last checkpoint',
    notStarted: 'its run could not start: {reason}',
    noMetric: 'the run reported no {metric} (it reported {reported})',
    noMetricAtAll: 'the run reported no {metric} (it reported no metric)',
    noMetricAtStep: 'the run reported no {metric} at or before step {step}'
  },
  /** Why a trial was pruned; numbers come as text, to three significant digits. */
  pruned: {
    median: 'Pruned at step {step}: its best value so far, {best}, is worse than the median {median} of {trials} finished trials at that step.',
    rung: 'Pruned at step {step}: its value {value} at rung {rung} (step {resource}) is not among the best {promoted} of the {competing} trials that reached it (cut-off {cutoff}).',
    bracketRung:
      'Pruned at step {step} in Hyperband bracket {bracket}: its value {value} at rung {rung} (step {resource}) is not among the best {promoted} of the {competing} trials of its bracket that reached it (cut-off {cutoff}).',
    rungBootstrap: 'Pruned at step {step}: {competing} trial(s) have reached rung {rung} (step {resource}), and it takes more than {bootstrap} before any goes on.',
    nonFinite: 'Pruned at step {step}: the metric is not a finite number ({value}).'
  }
}
