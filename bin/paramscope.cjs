#!/usr/bin/env node
// Starts the built CLI on Node 22 or later. When the Node on PATH is older, it runs the CLI in a
// child process on the Node 22 that the project installs as a dependency (the `node` package),
// passes the signals meant for it on, and ends as the child ended.
'use strict'
const { existsSync, readFileSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('paramscope: not built yet; run `npm run build` in the ParamScope folder\n')
  process.exit(1)
}

/**
 * npm (`npx paramscope`, npm scripts) runs this through `sh -c`; SIGTERM to npm reaches that shell,
 * which ends without passing it on, and the command would be left running, holding its port and
 * its data file. So under npm a parent that goes away counts as SIGTERM.
 */
function onParentGone(stop) {
  if (!process.env.npm_lifecycle_event) return
  const parent = process.ppid
  const alive = () => {
    try {
      process.kill(parent, 0)
      return true
    } catch (err) {
      return err.code === 'EPERM'
    }
  }
  const timer = setInterval(() => {
    if (process.ppid === parent && alive()) return
    clearInterval(timer)
    stop()
  }, 500)
  timer.unref()
}

/**
 * Whether a Ctrl-C from a terminal could have sent this SIGINT: then the terminal sent it to the
 * child as well (same process group), and passing it on would make it a second Ctrl-C.
 */
function sigintFromTerminal() {
  if (process.platform === 'win32') return true
  if (process.platform === 'linux') {
    try {
      // After "pid (comm)": state ppid pgrp session tty_nr tpgid …
      const stat = readFileSync('/proc/self/stat', 'utf8')
      const [, , pgrp, , ttyNr, tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
      return ttyNr !== 0 && tpgid === pgrp
    } catch {
      // fall through to the guess below
    }
  }
  const { isatty } = require('node:tty')
  return isatty(0) || isatty(1) || isatty(2)
}

if (Number(process.versions.node.split('.')[0]) >= 22) {
  onParentGone(() => process.kill(process.pid, 'SIGTERM'))
  require(cli)
} else {
  let node
  try {
    node = require.resolve('node/bin/node')
  } catch {
    process.stderr.write(`paramscope: needs Node 22 or later (this is ${process.version}); run npm install\n`)
    process.exit(1)
  }
  const { spawn } = require('node:child_process')
  const { constants } = require('node:os')
  const child = spawn(node, [cli, ...process.argv.slice(2)], { stdio: 'inherit' })
  const running = () => child.exitCode === null && child.signalCode === null
  const forward = (signal) => {
    if (running()) child.kill(signal)
  }
  const handlers = {
    SIGTERM: () => forward('SIGTERM'),
    SIGHUP: () => forward('SIGHUP'),
    SIGINT: () => {
      if (!sigintFromTerminal()) forward('SIGINT')
    }
  }
  for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler)
  onParentGone(() => forward('SIGTERM'))
  child.on('error', (err) => {
    process.stderr.write(`paramscope: cannot start ${node}: ${err.message}\n`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    for (const [name, handler] of Object.entries(handlers)) process.off(name, handler)
    if (signal) {
      // End by the same signal, so whoever started this sees what happened to the command;
      // exit with 128 + its number where that signal is ignored here.
      process.kill(process.pid, signal)
      process.exit(128 + (constants.signals[signal] ?? 0))
    }
    process.exit(code ?? 1)
  })
}
