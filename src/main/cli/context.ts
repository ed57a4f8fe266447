import { homedir } from 'node:os'
import { join } from 'node:path'
import type { EngineApi, MethodInput, MethodName, MethodOutput } from '../../shared/api'
import { fromErrorPayload } from '../../shared/errors'
import { dispatch } from '../../shared/rpc'
import { createEngine } from '../engine/engine'
import { createNodeLauncher } from '../engine/runs/node-launcher'
import { createStudiesApi, type StudiesApi } from '../engine/studies/studies-api'
import type { Engine, EngineOptions } from '../engine/types'

/**
 * Where the desktop app keeps its data (Electron's userData for "ParamScope"), so the CLI and the
 * app see the same experiments unless `--data` or PARAMSCOPE_HOME says otherwise.
 */
export function defaultDataDir(): string {
  if (process.env.PARAMSCOPE_HOME) return process.env.PARAMSCOPE_HOME
  const home = homedir()
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'ParamScope')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'ParamScope')
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'ParamScope')
}

/** Calls a method through the contract, as every binding does; throws AppError. */
type Call<Name extends MethodName> = <M extends Name>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>

function callThrough<Name extends MethodName>(api: Pick<EngineApi, Name>): Call<Name> {
  return async (method, input) => {
    const reply = await dispatch(api, method, input)
    if (!reply.ok) throw fromErrorPayload(reply.error)
    return reply.result as never
  }
}

export interface CliContext {
  engine: Engine
  call: Call<MethodName>
}

export async function openContext(dataDir: string | undefined, options: Pick<EngineOptions, 'maxConcurrentRuns'> = {}): Promise<CliContext> {
  const engine = await createEngine({
    dataDir: dataDir ?? defaultDataDir(),
    launcher: createNodeLauncher(),
    trainerEntry: join(__dirname, 'trainer.js'),
    ...options
  })
  return { engine, call: callThrough(engine.api) }
}

/**
 * The contract's methods that read no store (search spaces, designs), for commands that must not
 * open the engine or create its data folder.
 */
export function storelessContext(): { call: Call<keyof StudiesApi> } {
  return { call: callThrough<keyof StudiesApi>(createStudiesApi()) }
}
