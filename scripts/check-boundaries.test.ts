import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const script = resolve(__dirname, 'check-boundaries.mjs')
const trees: string[] = []

/** A tree that keeps every rule; each test adds or replaces a few files. */
const clean: Record<string, string> = {
  'src/shared/api.ts': "import { z } from 'zod'\nexport type { Code } from './errors'\nexport const api = z.object({})\n",
  'src/shared/errors.ts': "// import x from '../main/index' is only a comment\nexport type Code = 'a'\n",
  'src/main/index.ts': "import { app } from 'electron'\nimport { createEngine } from './engine'\nexport const run = () => [app, createEngine]\n",
  'src/main/engine/index.ts': "import type { Code } from '../../shared/api'\nimport { mlp } from './trainers/registry'\nexport const createEngine = (c?: Code) => [c, mlp]\n",
  'src/main/engine/trainers/registry.ts': "export const icon = '🧪'\nexport { mlp } from './mlp/train'\nexport const lm = () => import('./char-lm/train')\n",
  'src/main/engine/trainers/common/monitor.ts': "export const source = `import x from '../mlp/train'`\nexport const monitor = /import '..\\/mlp'/\n",
  'src/main/engine/trainers/mlp/train.ts': "import { monitor } from '../common/monitor'\nexport const mlp = monitor\n",
  'src/main/engine/trainers/char-lm/train.ts': "import { monitor } from '../common/monitor'\nexport const lm = monitor\n",
  'src/renderer/src/App.vue': "<template><p>import '../../main/index'</p></template>\n<script setup lang=\"ts\">\nimport type { Code } from '../../shared/api'\nconst code: Code = 'a'\n</script>\n"
}

function check(files: Record<string, string>, ...args: string[]) {
  const root = mkdtempSync(join(tmpdir(), 'boundaries-'))
  trees.push(root)
  for (const [path, text] of Object.entries({ ...clean, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' })
  return { status: result.status, out: result.stdout + result.stderr }
}

afterEach(() => {
  for (const root of trees.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe('check-boundaries', () => {
  it('passes a tree that keeps every rule, ignoring imports in comments, strings and templates', () => {
    const { status, out } = check({})
    expect(out).toContain('9 files')
    expect(out).toContain('no rule broken, no import circle')
    expect(status).toBe(0)
  })

  it('fails when src/shared imports anything of ours outside it', () => {
    const { status, out } = check({ 'src/shared/rpc.ts': "\nimport { run } from '../main/index'\nexport const r = run\n" })
    expect(status).toBe(1)
    expect(out).toContain("src/shared/rpc.ts:2: imports '../main/index' (src/main/index.ts): src/shared imports nothing of ours outside src/shared")
  })

  it('fails when the engine, the server or the CLI import electron', () => {
    const { status, out } = check({
      'src/main/engine/dialogs.ts': "import { dialog } from 'electron'\nexport const d = dialog\n",
      'src/main/server/http.ts': "export const net = () => import('electron/main')\n",
      'src/main/cli/index.ts': "const { app } = require('electron')\nexport const a = app\n"
    })
    expect(status).toBe(1)
    expect(out).toContain("src/main/engine/dialogs.ts:1: imports 'electron': the engine, server, CLI")
    expect(out).toContain("src/main/server/http.ts:1: imports 'electron/main'")
    expect(out).toContain("src/main/cli/index.ts:1: imports 'electron'")
  })

  it('fails when the renderer imports src/main or src/preload', () => {
    const { status, out } = check({
      'src/preload/index.ts': 'export const bridge = 1\n',
      'src/renderer/src/main.ts': "import { bridge } from '../../preload'\nexport const b = bridge\n",
      'src/renderer/src/Run.vue': "<template><p /></template>\n<script setup lang=\"ts\">\nimport type { run } from '../../main/index'\n</script>\n"
    })
    expect(status).toBe(1)
    expect(out).toContain("src/renderer/src/main.ts:1: imports '../../preload' (src/preload/index.ts): the renderer never imports")
    expect(out).toContain("src/renderer/src/Run.vue:3: imports '../../main/index' (src/main/index.ts): the renderer never imports")
  })

  it("fails when a trainer imports another trainer's folder or common imports a trainer", () => {
    const { status, out } = check({
      'src/main/engine/trainers/char-lm/params.ts': "import { mlp } from '../mlp/train'\nexport const p = mlp\n",
      'src/main/engine/trainers/common/settings.ts': "import type { lm } from '../char-lm/train'\nexport type S = typeof lm\n"
    })
    expect(status).toBe(1)
    expect(out).toContain("char-lm/params.ts:1: imports '../mlp/train' (src/main/engine/trainers/mlp/train.ts): a trainer imports no other trainer")
    expect(out).toContain("common/settings.ts:1: imports '../char-lm/train' (src/main/engine/trainers/char-lm/train.ts): trainers/common imports no trainer folder")
  })

  it('fails on an import circle, type-only imports included, naming its files', () => {
    const { status, out } = check({
      'src/main/engine/runs/a.ts': "import { b } from './b'\nexport const a = b\n",
      'src/main/engine/runs/b.ts': "import type { C } from './c'\nexport const b: C = 1\n",
      'src/main/engine/runs/c.ts': "import { a } from './a'\nexport type C = typeof a\n"
    })
    expect(status).toBe(1)
    expect(out).toContain('import circle: src/main/engine/runs/a.ts -> src/main/engine/runs/b.ts -> src/main/engine/runs/c.ts -> src/main/engine/runs/a.ts')
  })

  it('fails on a relative import that resolves to no file', () => {
    const { status, out } = check({ 'src/main/engine/lost.ts': "export * from './nowhere'\n" })
    expect(status).toBe(1)
    expect(out).toContain("src/main/engine/lost.ts:1: imports './nowhere': './nowhere' resolves to no file")
  })

  it('prints the import graph of a folder with its cycles', () => {
    const tidy = check({}, '--graph', 'src/main/engine/trainers')
    expect(tidy.status).toBe(0)
    expect(tidy.out.trim().split('\n')).toEqual([
      'char-lm/train.ts -> common/monitor.ts',
      'mlp/train.ts -> common/monitor.ts',
      'registry.ts -> char-lm/train.ts',
      'registry.ts -> mlp/train.ts',
      'no cycles'
    ])
    const tangled = check({ 'src/main/engine/trainers/common/monitor.ts': "import '../../../../shared/errors'\nimport { mlp } from '../mlp/train'\nexport const monitor = mlp\n" }, '--graph', 'src/main/engine/trainers')
    expect(tangled.out).toContain('common/monitor.ts -> src/shared/')
    expect(tangled.out).toContain('cycle: common/monitor.ts -> mlp/train.ts -> common/monitor.ts')
  })
})
