#!/usr/bin/env node
// Starts the built CLI on Node 22 or later. When the Node on PATH is older, it re-runs itself
// with the Node 22 that the project installs as a dependency (the `node` package).
'use strict'
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('paramscope: not built yet; run `npm run build` in the ParamScope folder\n')
  process.exit(1)
}
if (Number(process.versions.node.split('.')[0]) >= 22) {
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
  const child = spawn(node, [cli, ...process.argv.slice(2)], { stdio: 'inherit' })
  // The terminal sends Ctrl-C to the child too; this process only waits for it.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
