/**
 * English words of command trainer definitions (`src/shared/schemas/command-trainers.ts`), their
 * invocation (`src/main/engine/command/invocation.ts`) and `paramscope trainers add|remove|export`.
 * zh-CN mirrors this shape in command-trainers-zh-CN.ts. Macros such as `${args}` are always given
 * as values, never written in a text (a text's braces name its values).
 */
export const commandTrainersEn = {
  invalid: 'Invalid command trainer',
  invalidIn: 'Invalid command trainer in {file}',
  fileExtension: '{file}: use a .json, .yaml or .yml file',
  notParsed: '{file}: not valid {format}: {reason}',
  /** A field's problem: each is worded after the field name (`params.3.max: …`). */
  problems: {
    required: 'is required',
    type: 'must be {expected} (got {got})',
    unknownKeys: 'has unknown keys: {keys}',
    pattern: 'must match {pattern} (got {got})',
    tooShort: 'must have at least {min} (got {got})',
    tooLong: 'must have at most {max} (got {got})',
    tooSmall: 'must be ≥ {min} (got {got})',
    tooBig: 'must be ≤ {max} (got {got})',
    integer: 'must be a whole number (got {got})',
    oneOf: 'must be one of {allowed} (got {got})',
    other: '{problem}',
    builtinName: '{name} is the name of a built-in trainer; choose another',
    programEmpty: 'the program to run (the first element) must not be empty',
    unknownMacro: '{macro} is not a macro (known: {known}); write $$ for a literal $',
    wholeArgument: '{macro} expands to several arguments and must be an element of its own',
    notHere: '{macro} is only allowed in the command',
    unknownParam: '{macro} names {key}, which is not a parameter of this trainer',
    duplicateKey: 'repeats the key {key} of params.{other}',
    duplicateArg: 'gives the argument name {arg}, as params.{other} does',
    envCollision: 'gives the environment variable {variable}, as params.{other} does',
    duplicateGroup: 'repeats the group {group} of groups.{other}',
    unknownGroup: 'names the group {group}, which is not in groups (known: {known})',
    badDefault: 'the default {problem}',
    minAboveMax: 'min {min} is above max {max}',
    logNeedsPositive: 'a log scale needs min > 0 (got {min})',
    envName: 'is not an environment variable name (letters, digits and _, not starting with a digit)',
    envReserved: '{name} is set by ParamScope for every run and cannot be set here',
    nul: 'must not contain a NUL character',
    unknownMetric: 'names {metric} twice'
  },
  /** The kinds a field's type check expects. */
  kinds: { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping', other: 'a value of another kind' },
  invocation: {
    noPython: 'Neither python3 nor python is on PATH; put one on PATH or write the interpreter\'s full path as the first element of the command',
    noNode: 'node is not on PATH; put it on PATH or write its full path as the first element of the command',
    nulValue: 'Parameter {key}: its value holds a NUL character, which no process argument or environment variable can carry',
    missingValue: 'Parameter {key} has no value in the config'
  },
  notResumable: 'Run {id} is a run of the command trainer {name}, which cannot be resumed; start a new run (the script may read its checkpoints from another run folder)',
  noDataset: 'Trainer {name} is a command trainer: its script reads its own data; leave the dataset out',
  /** How a run of a command trainer ended, in its record and its log. */
  run: {
    exitCode: 'The command exited with code {code}',
    cancelled: 'Cancelled: the command stopped after the stop file and SIGTERM',
    cancelKilled: 'Cancelled: the command did not stop within {seconds} s of SIGTERM, so its process group was killed',
    notStarted: 'The command {file} could not be started: {error}',
    metricWarning: 'paramscope: {warning}'
  },
  cli: {
    addNeedsFile: 'trainers add needs a FILE: a command trainer definition in .yaml, .yml or .json',
    nameNeeded: 'trainers {action} needs the NAME of a command trainer',
    added: 'Added command trainer {name}: {command}',
    replaced: 'Replaced command trainer {name}: {command}',
    removed: 'Removed command trainer {name}',
    exported: 'Wrote command trainer {name} to {file}',
    exists: 'A command trainer named {name} exists; add --replace to replace it',
    notFound: 'No command trainer named {name} (registered: {known})',
    noneRegistered: 'none',
    builtin: '{name} is a built-in trainer; only command trainers can be removed or exported',
    headers: { name: 'trainer', kind: 'kind', label: 'label', params: 'params', command: 'command' },
    kinds: { builtin: 'built-in', command: 'command' }
  }
}
