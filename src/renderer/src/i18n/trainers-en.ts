/** English words of the Trainers page, its definition editor and the format tester; zh-CN mirrors this shape. */
const trainersEn = {
  title: 'Trainers',
  intro: 'Built-in trainers ship with ParamScope. A command trainer runs your own script with the parameters of its definition and reads its metrics from its output.',
  list: {
    name: 'Trainer',
    kind: 'Kind',
    command: 'Command',
    params: 'Parameters',
    groups: 'Groups',
    /** Between the group names of a trainer. */
    joiner: ', ',
    actions: 'Actions',
    builtin: 'built-in',
    commandKind: 'command'
  },
  actions: {
    edit: 'Edit',
    export: 'Export',
    remove: 'Remove',
    removeTitle: 'Remove the trainer “{name}”?',
    removeText: 'Its runs keep their records. Export it first to register it again later.',
    removeYes: 'Remove',
    keep: 'Keep'
  },
  editor: {
    title: 'Register a command trainer',
    help: 'A definition in YAML or JSON: name, label, command (an argument list, e.g. {example}), cwd, env, groups and params. Write cwd as the absolute path of the script’s folder; without it the command runs in each run’s own folder.',
    label: 'Definition',
    open: 'Open file…',
    register: 'Register',
    registering: 'Registering…',
    registered: 'Registered the command trainer {name}.',
    replaced: 'Replaced the command trainer {name}.',
    empty: 'Write a definition or open a file first.',
    notMapping: 'The definition must be a mapping of fields (name, command, params…), not {got}.',
    issues: 'The definition was not registered: | The definition was not registered; fix this field: | The definition was not registered; fix these {count} fields:',
    replaceTitle: 'Replace “{name}”?',
    replaceText: 'A command trainer named {name} is registered. Replace its definition with this one? Its runs keep their records.',
    replaceYes: 'Replace',
    cancel: 'Cancel',
    unreadable: 'Could not read {file}: {reason}',
    editing: 'Editing {name}: change what you need and register it again to replace it.'
  },
  draft: {
    title: 'Draft from --help',
    help: 'ParamScope runs the command with --help and turns the options it lists (argparse or HfArgumentParser) into a draft definition for you to edit.',
    command: 'Command',
    commandHelp: 'One argument per line, or a single line split on spaces ("quotes" keep spaces together).',
    cwd: 'Working directory (optional)',
    name: 'Trainer name (optional)',
    run: 'Draft',
    running: 'Running --help…',
    needsCommand: 'Write the command to draft from.',
    done: 'Drafted {count} parameter ({style}); edit the definition, then register it. | Drafted {count} parameters ({style}); edit the definition, then register it.',
    styles: { argparse: 'argparse help', hf: 'HfArgumentParser help', unknown: 'help in a format not recognised' }
  },
  tester: {
    title: 'Format tester',
    link: 'Format tester',
    linkHelp: 'See which metric series a log yields before anything runs.',
    intro: 'Paste a training log, or choose a stdout log, a .jsonl metrics file, a trainer_state.json or a TensorBoard events file: the same readers a run uses show which series it yields.',
    text: 'Log text',
    file: 'Choose a file…',
    run: 'Test the text',
    running: 'Reading…',
    pasted: 'pasted.log',
    empty: 'Paste some log text or choose a file first.',
    headers: { name: 'Series', channel: 'Channel', points: 'Points', first: 'First step', last: 'Last step', value: 'Last value', dropped: 'Dropped' },
    droppedHelp: 'Points left out: a repeated step, or the same name from another channel.',
    warnings: 'Skipped while reading',
    charts: 'Curves',
    back: 'Trainers'
  }
}

export default trainersEn
