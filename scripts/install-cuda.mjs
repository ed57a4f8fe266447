#!/usr/bin/env node
/**
 * Opt-in: installs the CUDA 12 build of onnxruntime-node's execution provider by running the
 * package's own installer with its CUDA 12 flag. The npm install of ParamScope never runs that
 * installer (package.json's allowScripts denies it): the download is several hundred MB and only
 * useful on NVIDIA machines.
 *
 *   node scripts/install-cuda.mjs [--check]
 *
 * --check only reports what is present. Exit 0 when the CUDA provider library is in place,
 * 1 when the download or a requirement failed, 2 on an unsupported platform.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const NEEDS = [
  'an NVIDIA GPU with a recent driver (nvidia-smi must work; CUDA 12 needs driver 525 or later)',
  'the CUDA 12 runtime libraries (libcudart.so.12, libcublas.so.12 / cudart64_12.dll, cublas64_12.dll)',
  'cuDNN 9 for CUDA 12 (libcudnn.so.9 / cudnn64_9.dll) on the library path (LD_LIBRARY_PATH or PATH)',
  'internet access to the NuGet feed (api.nuget.org), where onnxruntime publishes the CUDA binaries'
]
const SUPPORTED = ['linux/x64', 'win32/x64']

const require = createRequire(import.meta.url)
const say = (line) => process.stdout.write(`${line}\n`)
const fail = (line, code = 1) => {
  process.stderr.write(`install-cuda: ${line}\n\nThe CUDA provider needs:\n${NEEDS.map((n) => `  - ${n}`).join('\n')}\n`)
  process.stderr.write('ParamScope keeps working on the CPU (and WebGPU/DirectML where bundled) without it.\n')
  process.exit(code)
}

let root
try {
  root = dirname(require.resolve('onnxruntime-node/package.json'))
} catch {
  fail('onnxruntime-node is not installed here; run `npm install` first')
}
const platform = `${process.platform}/${process.arch}`
const binDir = join(root, 'bin', 'napi-v6', process.platform, process.arch)
const cudaLibrary = () => (existsSync(binDir) ? readdirSync(binDir).find((f) => f.includes('providers_cuda')) : undefined)
const version = require('onnxruntime-node/package.json').version

function driver() {
  const r = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader'], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : null
}

say(`onnxruntime-node ${version} on ${platform}`)
const gpu = driver()
say(gpu ? `NVIDIA driver: ${gpu}` : 'NVIDIA driver: not found (nvidia-smi did not run)')
const present = cudaLibrary()
say(present ? `CUDA provider: installed (${join(binDir, present)})` : 'CUDA provider: not installed')
if (process.argv.includes('--check')) process.exit(present ? 0 : 1)
if (present) {
  say('Nothing to do. Set runtime.device to "cuda" or "auto" to use it.')
  process.exit(0)
}
if (!SUPPORTED.includes(platform)) fail(`onnxruntime publishes CUDA binaries for ${SUPPORTED.join(' and ')} only, not ${platform}`, 2)
if (!gpu) say('warning: no NVIDIA driver found; the download may succeed, but the provider will not start without one')

say('Running onnxruntime-node\'s installer with --onnxruntime-node-install=cuda12 ...')
// The installer reads its flag from these before its command line: set both, so that a "skip"
// left in the caller's environment cannot win.
const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12', npm_config_onnxruntime_node_install: 'cuda12' }
// Under npm/npx these two make the installer believe it is a local development install and exit
// without doing anything; and onnxruntime-node 1.30 reads "cuda12" as "default", which on the
// supported platforms is the CUDA 12 manifest, so what decides the download is that files are missing.
delete env.npm_config_local_prefix
delete env.npm_package_json
const run = spawnSync(process.execPath, [join(root, 'script', 'install.js'), '--onnxruntime-node-install=cuda12'], {
  cwd: root,
  env,
  encoding: 'utf8',
  timeout: 15 * 60 * 1000
})
if (run.stdout) process.stdout.write(run.stdout)
if (run.error) fail(`the installer could not run: ${run.error.message}`)
const installed = cudaLibrary()
if (run.status !== 0 || !installed) {
  const lines = `${run.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean)
  const why = lines.find((l) => /error|fail|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN/i.test(l)) ?? lines.at(-1) ?? `exit code ${run.status}`
  fail(`the download of the CUDA 12 provider failed: ${why}`)
}
say(`CUDA provider installed: ${join(binDir, installed)}`)
say('Restart ParamScope; "auto" now prefers cuda, and the run records which provider it used.')
