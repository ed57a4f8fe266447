import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { stringify as stringifyYaml } from 'yaml'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { paramArg, paramEnvName, parseTemplate, type CommandTrainerDefinition, type TemplatePart } from '../../../shared/schemas/command-trainers'
import type { Config, ParamValue } from '../../../shared/schemas/params'

/** Files every run of a command trainer gets in its run folder. */
export const RUN_FILES = {
  configJson: 'paramscope-config.json',
  configYaml: 'paramscope-config.yaml',
  metrics: 'paramscope-metrics.jsonl',
  stop: 'paramscope-stop'
} as const

/** What to launch, with no shell: `file` with `args`, `env` over the engine's environment, in `cwd`. */
export interface Invocation {
  file: string
  args: string[]
  /** Variables to set on top of the engine's own environment (the launcher merges them). */
  env: Record<string, string>
  cwd: string
  /** Files to write before the launch (the config as JSON and YAML). */
  files: { path: string; content: string }[]
  /** Where the script's metrics file and stop file go (not created here). */
  metricsFile: string
  stopFile: string
}

export interface InvocationContext {
  runId: string | number
  runDir: string
  /** The machine's index of the NVIDIA GPU the scheduler gave the run: sets CUDA_VISIBLE_DEVICES. */
  gpuIndex?: number | null
  /** Finds a program on PATH (tests inject one); by default searches `process.env.PATH`. */
  which?: (name: string) => string | null
}

/** The first executable file named `name` in the folders of PATH, or null. */
export function whichOnPath(name: string, path = process.env.PATH ?? '', exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    for (const ext of exts) {
      const file = join(dir, name + ext)
      try {
        if (!statSync(file).isFile()) continue
        accessSync(file, constants.X_OK)
        return file
      } catch {
        // not here
      }
    }
  }
  return null
}

/** A value as text in an argument, a variable or a Hydra override: as JSON writes it, text as it is. */
export function valueText(value: ParamValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * Builds the launch of one run of a command trainer from its definition and a checked config
 * (values by dotted key). Pure apart from the PATH look-up for `${python}`/`${node}` (`which`).
 * Every macro expands to whole arguments of an argv: no text is ever read by a shell, so a value
 * such as `; rm -rf ~` or `$(touch x)` reaches the script as that very text.
 */
export function buildInvocation(definition: CommandTrainerDefinition, config: Config, ctx: InvocationContext): Invocation {
  const which = ctx.which ?? ((name: string) => whichOnPath(name))
  const runDir = ctx.runDir
  const runId = String(ctx.runId)
  const configJson = join(runDir, RUN_FILES.configJson)
  const configYaml = join(runDir, RUN_FILES.configYaml)
  const metricsFile = join(runDir, RUN_FILES.metrics)
  const stopFile = join(runDir, RUN_FILES.stop)

  // Values by the names the script knows them by, in the schema's order.
  const named: [arg: string, key: string, value: ParamValue][] = []
  for (const p of definition.params) {
    const value = config[p.key]
    if (value === undefined) throw AppError.coded('INVALID_CONFIG', msg('commandTrainers.invocation.missingValue', { key: p.key }))
    if (typeof value === 'string' && value.includes('\0')) throw AppError.coded('INVALID_CONFIG', msg('commandTrainers.invocation.nulValue', { key: p.key }))
    named.push([paramArg(p), p.key, value])
  }
  const byArg = Object.fromEntries(named.map(([arg, , v]) => [arg, v]))

  let python: string | undefined
  const program = (name: 'python' | 'node'): string => {
    if (name === 'node') {
      const node = which('node')
      if (!node) throw AppError.coded('UNSUPPORTED', msg('commandTrainers.invocation.noNode'))
      return node
    }
    python ??= which('python3') ?? which('python') ?? undefined
    if (!python) throw AppError.coded('UNSUPPORTED', msg('commandTrainers.invocation.noPython'))
    return python
  }
  const text = (part: TemplatePart): string => {
    if (!('macro' in part)) return part.text
    switch (part.macro) {
      case 'python':
      case 'node':
        return program(part.macro)
      case 'args_json':
        return JSON.stringify(byArg)
      case 'args_json_file':
        return configJson
      case 'args_yaml_file':
        return configYaml
      case 'run_dir':
        return runDir
      case 'run_id':
        return runId
      case 'param':
        return valueText(config[part.key!]!)
      default:
        // checkCommandTrainer refuses any other macro before a definition gets here.
        throw new AppError('INVALID_INPUT', `unexpected macro \${${part.macro}}`)
    }
  }
  const expand = (template: string): string => parseTemplate(template).map(text).join('')

  const argv: string[] = []
  for (const template of definition.command) {
    const parts = parseTemplate(template)
    const only = parts.length === 1 && 'macro' in parts[0]! ? parts[0].macro : null
    if (only === 'args') argv.push(...named.map(([arg, , v]) => `--${arg}=${valueText(v)}`))
    else if (only === 'args_hydra') argv.push(...named.map(([arg, , v]) => `${arg}=${valueText(v)}`))
    else argv.push(parts.map(text).join(''))
  }

  const env: Record<string, string> = {}
  for (const [name, template] of Object.entries(definition.env)) env[name] = expand(template)
  for (const p of definition.params) env[paramEnvName(p)] = valueText(config[p.key]!)
  Object.assign(env, {
    PARAMSCOPE_CONFIG: configJson,
    PARAMSCOPE_CONFIG_YAML: configYaml,
    PARAMSCOPE_RUN_ID: runId,
    PARAMSCOPE_RUN_DIR: runDir,
    PARAMSCOPE_METRICS_FILE: metricsFile,
    PARAMSCOPE_STOP_FILE: stopFile
  })
  // With CUDA_VISIBLE_DEVICES the script sees its GPU alone, as device 0 (as slots.ts does for built-ins).
  if (ctx.gpuIndex !== undefined && ctx.gpuIndex !== null) env.CUDA_VISIBLE_DEVICES = String(ctx.gpuIndex)

  return {
    file: argv[0]!,
    args: argv.slice(1),
    env,
    // A relative cwd (a definition sent over the API) is taken from the run folder.
    cwd: definition.cwd === undefined ? runDir : resolve(runDir, expand(definition.cwd)),
    files: [
      { path: configJson, content: `${JSON.stringify(byArg, null, 2)}\n` },
      { path: configYaml, content: stringifyYaml(byArg) }
    ],
    metricsFile,
    stopFile
  }
}
