import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { MethodOutput, TrainerInfo } from '../../../shared/api'
import { useApi } from '../composables/use-api'

/**
 * What the engine is and can do: app.info and the trainers with their schemas, fetched once; and
 * the free space of its data folder, fetched again whenever asked.
 */
export const useAppStore = defineStore('app', () => {
  const api = useApi()
  const info = ref<MethodOutput<'app.info'> | null>(null)
  const trainers = ref<TrainerInfo[]>([])
  /** Null until known, or when the engine could not tell. */
  const disk = ref<MethodOutput<'system.disk'> | null>(null)
  let infoLoad: Promise<void> | null = null
  let trainersLoad: Promise<void> | null = null

  function loadInfo(): Promise<void> {
    infoLoad ??= api['app.info']({}).then(
      (result) => {
        info.value = result
      },
      (err: unknown) => {
        infoLoad = null
        throw err
      }
    )
    return infoLoad
  }

  function loadTrainers(): Promise<void> {
    trainersLoad ??= api['trainers.list']({}).then(
      (result) => {
        trainers.value = result
      },
      (err: unknown) => {
        trainersLoad = null
        throw err
      }
    )
    return trainersLoad
  }

  /** Fetches the trainers again: a command trainer was registered, replaced or removed. */
  function reloadTrainers(): Promise<void> {
    trainersLoad = null
    return loadTrainers()
  }

  /** Measures the data folder's free space again; never throws (an unknown space is null). */
  async function loadDisk(): Promise<void> {
    try {
      disk.value = await api['system.disk']({})
    } catch {
      disk.value = null
    }
  }

  function trainerById(id: string): TrainerInfo | undefined {
    return trainers.value.find((t) => t.id === id)
  }

  return { info, trainers, disk, loadInfo, loadTrainers, reloadTrainers, loadDisk, trainerById }
})
