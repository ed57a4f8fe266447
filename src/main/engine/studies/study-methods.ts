import { resolve } from 'node:path'
import type { EngineApi, Study } from '../../../shared/api'
import { AppError, codedIssue } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import type { TrainerInfo } from '../../../shared/schemas/params'
import type { EventBus } from '../events'
import type { StudyRecord, Store } from '../store'
import { checkStudy, readStudyFile, studyText } from './definition'
import { planTrials, pointTarget, repeatsByStage } from './plan'
import type { StudyRunner } from './runner'
import { studySaid } from './said'

export type StudyMethods = Pick<
  EngineApi,
  | 'studies.create'
  | 'studies.list'
  | 'studies.get'
  | 'studies.trials'
  | 'studies.resume'
  | 'studies.pause'
  | 'studies.cancel'
  | 'studies.extend'
  | 'studies.export'
>

interface Deps {
  store: Store
  events: EventBus
  runner: StudyRunner
  trainers: () => Record<string, TrainerInfo>
  /** The base config on the study's data, checked as a run's would be before anything is recorded. */
  validateRun: EngineApi['runs.validate']
}

/** The studies methods of the contract: definitions in, ledger and runner behind. */
export function createStudyMethods({ store, events, runner, trainers, validateRun }: Deps): StudyMethods {
  const mustGet = (id: number): StudyRecord => {
    const study = store.studies.get(id)
    if (!study) throw new AppError('NOT_FOUND', `Study ${id} does not exist`, { issues: [{ field: 'id', message: `no study ${id}` }] })
    return study
  }

  const view = (study: StudyRecord): Study => {
    const counts = store.studies.counts(study.id)
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    const { design, objective } = study.definition
    // TPE plans as it goes: its plan is the points it will propose, times the repeats.
    const planned = design.method === 'tpe' ? Math.max(total, pointTarget(runner.checked(study)) * repeatsByStage(runner.checked(study)).at(-1)!) : total
    const best = store.studies.best(study.id, objective.direction)
    const { lease: _lease, ...rest } = study
    return { ...rest, planned, counts, best: best ? withoutLease(best) : null }
  }

  return {
    'studies.create': async ({ experimentId, definition, path, start }) => {
      if (!store.experiments.get(experimentId))
        throw new AppError('NOT_FOUND', `Experiment ${experimentId} does not exist`, { issues: [{ field: 'experimentId', message: `no experiment ${experimentId}` }] })
      const given = definition ?? readStudyFile(path!)
      // Kept absolute, so the study and its export read the same file from any folder.
      const checked = checkStudy(given.dataset === undefined ? given : { ...given, dataset: resolve(given.dataset) }, trainers())
      const d = checked.definition
      const { issues } = await validateRun({ trainer: d.trainer, config: d.config, dataset: d.dataset, datasetVersionId: d.datasetVersionId })
      // A trainer that reads data files needs one; a command trainer reads its own.
      const readsData = (trainers()[d.trainer]?.datasetKinds.length ?? 0) > 0
      if (readsData && d.dataset === undefined && d.datasetVersionId === undefined) issues.push(codedIssue('dataset', msg('run.chooseDataset')))
      if (issues.length > 0)
        throw AppError.fromIssues(
          'INVALID_CONFIG',
          issues.map((i) => ({ ...i, field: i.field === 'dataset' || i.field === 'datasetVersionId' ? i.field : `config.${i.field}` })),
          'The study was not created'
        )
      const study = store.transaction(() => {
        const created = store.studies.create({ experimentId, name: d.name, trainer: d.trainer, definition: d })
        store.studies.enqueue(created.id, planTrials(checked))
        return created
      })
      events.emit('studies.changed', { id: study.id })
      return view(start ? await runner.start(study.id) : study)
    },

    'studies.list': async ({ experimentId }) =>
      store.studies
        .list()
        .filter((s) => experimentId === undefined || s.experimentId === experimentId)
        .map(view),

    'studies.get': async ({ id }) => view(mustGet(id)),

    'studies.trials': async ({ id, status, offset, limit }) => {
      mustGet(id)
      return store.studies.trials(id, { status }).slice(offset, offset + limit).map(withoutLease)
    },

    'studies.resume': async ({ id }) => view(await runner.start(id)),
    'studies.pause': async ({ id }) => view(await runner.pause(id)),
    'studies.cancel': async ({ id }) => view(await runner.cancel(id)),

    'studies.extend': async ({ id, n, repeats, space }) => {
      const study = mustGet(id)
      if (study.status === 'cancelled') throw new AppError('CONFLICT', `Study ${id} was cancelled; create a new study from its export instead`)
      const definition = { ...study.definition, extensions: [...study.definition.extensions, { n, repeats, ...(space ? { space } : {}) }] }
      const checked = checkStudy(definition, trainers())
      const { maxTrials } = definition.budget
      // Trials asked for by name are meant to run: the trial budget grows by as many (TPE's yet to be proposed included).
      const added = checked.definition.design.method === 'tpe' ? n * repeatsByStage(checked).at(-1)! : 0
      store.transaction(() => {
        const planned = store.studies.enqueue(id, planTrials(checked, store.studies.trials(id).filter((t) => t.repeat === 0).map((t) => t.params)))
        const budget = maxTrials === undefined ? definition.budget : { ...definition.budget, maxTrials: maxTrials + planned + added }
        store.studies.update(id, {
          definition: { ...checked.definition, budget },
          ...(study.status === 'finished' ? { status: 'paused' as const, ...studySaid('studies.status.extended'), endedAt: null } : {})
        })
      })
      await runner.replan(id)
      events.emit('studies.changed', { id })
      return view(mustGet(id))
    },

    'studies.export': async ({ id, format }) => ({ text: studyText(mustGet(id).definition, format), format })
  }
}

function withoutLease<T extends { lease: unknown }>(trial: T): Omit<T, 'lease'> {
  const { lease: _lease, ...rest } = trial
  return rest
}
