import type { EngineApi } from '../../shared/api'
import { AppError } from '../../shared/errors'
import type { EventBus } from './events'
import type { Store } from './store'

type ExperimentsApi = Pick<EngineApi, 'experiments.list' | 'experiments.get' | 'experiments.create' | 'experiments.delete'>

export function createExperimentsApi(store: Store, events: EventBus): ExperimentsApi {
  const mustGet = (id: number) => {
    const experiment = store.experiments.get(id)
    if (!experiment)
      throw new AppError('NOT_FOUND', `Experiment ${id} does not exist`, { issues: [{ field: 'id', message: `no experiment ${id}` }] })
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
        const message = `Experiment "${experiment.name}" has ${experiment.activeRunCount} active run(s); cancel them first`
        const values = { name: experiment.name, count: experiment.activeRunCount }
        throw new AppError('CONFLICT', message, { issues: [{ field: 'id', message, rule: 'experimentActive', values }] })
      }
      store.experiments.delete(id)
      events.emit('experiments.changed', {})
      return { ok: true as const }
    }
  }
}
