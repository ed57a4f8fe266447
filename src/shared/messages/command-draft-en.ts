/**
 * English words of a command trainer drafted from its script's `--help` (`trainers.draft`,
 * `paramscope trainers draft`) and of the note a run's log keeps where a huge log was cut.
 * zh-CN mirrors this shape in command-draft-zh-CN.ts. Macros (`${args}`) are given as values.
 */
export const commandDraftEn = {
  description: 'Drafted from the --help of {command}',
  /** Comments in the drafted YAML, each written in English and in Chinese; a list of names follows those ending in a colon. */
  comments: {
    header: 'Drafted by ParamScope from the --help of {command} (read as {style}). Check it, then register it: paramscope trainers add FILE.yaml',
    bounds: 'Bounds (min, max), log scale and units are left for you: set them before a study searches a range.',
    translate: 'The zh-CN labels and help repeat the English: translate them.',
    hfFixed: 'Flags added to command so the Trainer saves into the run folder (where trainer_state.json is read), evaluates each epoch (eval_loss) and logs every 10 steps; change or remove them there:',
    noCwd: 'cwd is not set: a registered trainer runs in the folder of its definition file; set cwd to the folder of your script.',
    guessed: 'No usable default in the help, so the type and default are a guess:',
    positional: 'Positional arguments, left out: write their values into command:',
    switches: 'Switches that take no value, left out ({macro} passes --NAME=VALUE, which a switch refuses): write one into command to turn it on:',
    paths: 'Paths, folders and config files, left out (not tunable):',
    lists: 'Options that take a list of values, left out:',
    unreadable: 'Options whose value could not be read, left out:',
    hfOthers: 'Other TrainingArguments options, left out (add any of them to params):',
    unknown: 'No options could be read from this help: add groups and params by hand, in the format of the built-in trainers (resources/trainers/*/trainer.yaml).',
    exited: 'The command exited with code {code}; its last output: {output}',
    problems: 'The draft does not pass the checks yet: {issues}'
  },
  groups: {
    params: 'Parameters',
    script: 'Script',
    optimizer: 'Optimizer',
    schedule: 'Schedule',
    batch: 'Batch',
    regularization: 'Regularization',
    runtime: 'Runtime'
  },
  styles: { argparse: 'argparse', hf: 'HfArgumentParser with TrainingArguments', unknown: 'an unknown layout' },
  notStarted: 'Could not run {program} to read its --help: {reason}',
  timedOut: '{program} --help did not finish within {seconds} s; run it in a terminal to see what it waits for',
  noCwd: 'The folder {cwd} to run {program} in does not exist or is not a folder',
  cli: {
    needsCommand: 'trainers draft needs the command after --, e.g. paramscope trainers draft -- python3 train.py',
    wrote: 'Wrote the draft of {name} ({params} parameters, {style}) to {file}'
  },
  /** The note in a run's stored log where the middle of a huge log was left out. */
  logCut: '[paramscope] … {bytes} bytes of output cut here (the log keeps its first and last {half}) …'
}
