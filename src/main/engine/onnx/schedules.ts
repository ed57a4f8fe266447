/**
 * Learning-rate schedules live in src/shared/schedules.ts, so the run form previews exactly what
 * the trainers step through; evaluated in JS once per step and fed to the graph's `lr` input.
 */
export {
  ImprovementTracker,
  learningRate,
  PlateauTracker,
  previewSchedule,
  scheduleFromConfig,
  type ScheduleSpec
} from '../../../shared/schedules'
