import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { onTestFinished } from 'vitest'
import { openStore, STORE_FILE, type Store } from './index'
import type { NewRun } from './run-repository'

/** A store file in a fresh temp folder, removed (with any store left open) when the test ends. */
export function tempStoreFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paramscope-store-'))
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
  return path.join(dir, STORE_FILE)
}

/** Opens the store and closes it when the test ends, so failing tests leave no handle behind. */
export function openTestStore(file: string): Store {
  const store = openStore(file)
  onTestFinished(() => store.close())
  return store
}

export function newRun(experimentId: number, overrides: Partial<NewRun> = {}): NewRun {
  return {
    experimentId,
    name: 'run',
    trainer: 'mlp',
    trainerVersion: '1.0.0',
    engineVersion: '0.1.0',
    config: { 'optimizer.lr': 0.001, 'optimizer.name': 'adamw', 'training.shuffle': true },
    datasetPath: '/data/iris.csv',
    datasetHash: 'ab'.repeat(32),
    seed: 7,
    owner: { pid: 4242, start: 'test:1', instance: 'test-engine' },
    ...overrides
  }
}
