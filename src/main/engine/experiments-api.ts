import type { EngineApi } from '../../shared/api'
import { AppError, codedIssue } from '../../shared/errors'
import { formatMessage, msg } from '../../shared/messages'
import type { EventBus } from './events'
import type { Store } from './store'

type ExperimentsApi = Pick<EngineApi, 'experiments.list' | 'experiments.get' | 'experiments.create' | 'experiments.delete'>

export function createExperimentsApi(store: Store, events: EventBus): ExperimentsApi {
  const mustGet = (id: number) => {
    const experiment = store.experiments.get(id)
    if (!experiment)
      throw AppError.coded('NOT_FOUND', msg('run.experimentNotFound', { id }), { issues: [codedIssue('id', msg('run.noExperiment', { id }))] })
    return experiment
  }
  return {
    'experiments.list': async () => store.experiments.list(),
    'experiments.get': async ({ id }) => mustGet(id),
    'experiments.create': async ({ name, description }) => {
      const experiment = store.experiments.create({ name, description })
      events.emit('experiments.changed', {})
      return experiment
    },
    'experiments.delete': async ({ id }) => {
      const experiment = mustGet(id)
      if (experiment.activeRunCount > 0) {
        const values = { name: experiment.name, count: experiment.activeRunCount }
        const message = formatMessage('en', msg('run.experimentBusy', values))
        throw AppError.coded('CONFLICT', msg('run.experimentBusy', values), { issues: [{ field: 'id', message, rule: 'experimentActive', values }] })
      }
      store.experiments.delete(id)
      events.emit('experiments.changed', {})
      return { ok: true as const }
    }
  }
}
