// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { Series } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { formatMessage, msg } from '../../../shared/messages'
import { codedLogLine } from '../../../shared/messages/log-lines'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { runFixture, trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import RunView from './RunView.vue'

// happy-dom has no canvas; the chart instance is replaced, the option building is real.
const charts = vi.hoisted(() => ({ setOption: [] as unknown[], disposed: 0 }))
vi.mock('../charts/echarts', () => ({
  init: () => ({
    setOption: (o: unknown) => charts.setOption.push(o),
    resize: () => undefined,
    dispose: () => charts.disposed++
  })
}))

const s = (steps: number[], f: (x: number) => number): Series => ({ steps, values: steps.map(f), times: steps.map(() => 0) })

describe('RunView', () => {
  it('shows the run, grows its curves and log from events, follows status and cancels', async () => {
    const run = runFixture({ id: 7, name: 'lr=3e-4', step: 10, totalSteps: 100 })
    const fake = createFakeApi({
      'runs.get': () => ({ ...run, metrics: {} }),
      'runs.metrics': () => ({ 'train/loss': s([1, 2, 3], (x) => 1 / x), lr: s([1, 2, 3], () => 1e-3) }),
      'runs.log': () => ({ text: 'epoch 1\n', nextOffset: 8 }),
      'trainers.list': () => [trainerFixture],
      'runs.cancel': () => ({ ...run, status: 'cancelled' as const, statusMessage: 'cancelled by the user' })
    })
    const w = mountWithApp(RunView, { fake }, { props: { id: 7 } })
    await flushPromises()

    expect(w.get('[data-testid="run-name"]').text()).toBe('lr=3e-4')
    expect(w.get('[data-testid="run-status"]').attributes('data-status')).toBe('running')
    expect(w.get('[data-testid="run-progress"]').attributes('aria-valuenow')).toBe('10')
    expect(w.get('[data-testid="run-progress"]').text()).toContain('step 10 of 100')
    expect(w.get('[data-testid="run-device"]').text()).toBe('cpu · CPU')
    expect(w.get('[data-testid="chart-loss"]').attributes('data-points')).toBe('3')
    expect(w.get('[data-testid="chart-lr"]').attributes('data-points')).toBe('3')
    expect(w.find('[data-testid="chart-accuracy"]').exists()).toBe(false)
    expect(w.get('[data-testid="run-log"]').text()).toBe('epoch 1')
    expect(w.get('[data-testid="run-config"] [data-key="optimizer.lr"]').text()).toContain('1e-3')

    fake.emit('run.metrics', { runId: 7, series: { 'train/loss': s([4, 5], (x) => 1 / x), 'val/loss': s([5], () => 0.3), 'val/accuracy': s([5], () => 0.8) } })
    fake.emit('run.log', { runId: 7, text: 'epoch 2\n' })
    fake.emit('run.updated', { ...run, step: 50 })
    await flushPromises()
    expect(w.get('[data-testid="chart-loss"]').attributes('data-points')).toBe('6')
    expect(w.get('[data-testid="chart-accuracy"]').attributes('data-points')).toBe('1')
    expect(w.get('[data-testid="run-log"]').text()).toBe('epoch 1\nepoch 2')
    expect(w.get('[data-testid="run-progress"]').attributes('aria-valuenow')).toBe('50')
    expect(charts.setOption.length).toBeGreaterThan(3)

    await w.get('[data-testid="cancel-run"]').trigger('click')
    await w.get('[data-testid="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="run-status"]').text()).toBe('Cancelled')
    expect(w.get('[data-testid="run-status-message"]').text()).toBe('cancelled by the user')
    expect(w.find('[data-testid="cancel-run"]').exists()).toBe(false)

    w.unmount()
    expect(charts.disposed).toBe(3)
    expect(fake.listenerCount('run.metrics')).toBe(1)
  })

  it('lists the final and best value of each metric by its goal, and draws no chart for a metric never sent', async () => {
    const table = async (locale: 'en' | 'zh-CN') => {
      const fake = createFakeApi({
        'runs.get': () => ({ ...runFixture({ id: 5, status: 'finished' }), metrics: {} }),
        'runs.metrics': () => ({
          'train/loss': s([1, 2, 3], (x) => [0.9, 0.2, 0.4][x - 1]),
          'val/accuracy': s([1, 2, 3], (x) => [0.5, 0.9, 0.7][x - 1]),
          'grad_norm/dense1': s([1, 2], () => 1),
          custom: s([2], () => 7)
        }),
        'runs.log': () => ({ text: '', nextOffset: 0 }),
        'trainers.list': () => [trainerFixture]
      })
      const w = mountWithApp(RunView, { fake, locale }, { props: { id: 5 } })
      await flushPromises()
      return w
    }
    const en = await table('en')
    const rows = en.findAll('[data-testid="run-metrics"] tbody tr')
    expect(rows.map((r) => r.attributes('data-metric'))).toEqual(['train/loss', 'val/accuracy', 'custom'])
    expect(rows[0].text()).toContain('Train loss')
    expect(rows[0].get('[data-cell="final"]').text()).toBe('0.4 at step 3')
    expect(rows[0].get('[data-cell="best"]').text()).toBe('0.2 lowest, step 2')
    expect(rows[1].get('[data-cell="best"]').text()).toBe('0.9 highest, step 2')
    expect(rows[2].get('[data-cell="best"]').text()).toBe('—')
    expect(en.find('[data-testid="chart-loss"]').exists()).toBe(true)
    expect(en.find('[data-testid="chart-accuracy"]').exists()).toBe(true)
    expect(en.find('[data-testid="chart-lr"]').exists()).toBe(false)

    const zh = (await table('zh-CN')).findAll('[data-testid="run-metrics"] tbody tr')
    expect(zh[0].text()).toContain('训练损失')
    expect(zh[0].get('[data-cell="final"]').text()).toBe('0.4 第 3 步')
    expect(zh[1].get('[data-cell="best"]').text()).toBe('0.9 最高，第 2 步')
  })

  it('draws each diagnostics family with every layer as a line, a layer in one colour across charts', async () => {
    const diag = (locale: 'en' | 'zh-CN') => {
      const fake = createFakeApi({
        'runs.get': () => ({ ...runFixture({ id: 14, status: 'finished' }), metrics: {} }),
        'runs.metrics': () => ({
          'train/loss': s([1, 2, 3], (x) => 1 / x),
          'val/loss': s([3], () => 0.5),
          'grad_norm/global': s([1, 2, 3], () => 2),
          'grad_norm/dense2': s([1, 2, 3], () => 1),
          'grad_norm/dense1': s([1, 2, 3], () => 1.5),
          'grad_norm_var/dense1': s([2, 3], () => 0.1),
          'grad_norm_var/dense2': s([2, 3], () => 0),
          'update_ratio/dense1': s([1, 2, 3], () => 1e-3),
          'update_ratio/dense2': s([1, 2, 3], () => 2e-3)
        }),
        'runs.log': () => ({ text: '', nextOffset: 0 }),
        'trainers.list': () => [trainerFixture]
      })
      return mountWithApp(RunView, { fake, locale }, { props: { id: 14 } })
    }
    charts.setOption.length = 0
    const w = diag('en')
    await flushPromises()
    const section = w.get('[data-testid="run-diagnostics"]')
    expect(section.find('h2').text()).toBe('Diagnostics')
    expect(section.get('[data-testid="chart-grad-norm"]').attributes('data-points')).toBe('9')
    // A variance of 0 has no place on a log axis: dense2's two points are left out.
    expect(section.get('[data-testid="chart-grad-norm-var"]').attributes('data-points')).toBe('2')
    expect(section.get('[data-testid="chart-update-ratio"]').attributes('data-points')).toBe('6')

    type Line = { id: string; name: string; lineStyle: { color: string } }
    const options = charts.setOption as Array<{ series?: Line[]; yAxis?: { type: string } }>
    const drawnWith = (id: string) => options.find((o) => o.series?.some((l) => l.id === id))!
    const gradNorms = drawnWith('grad_norm/dense1')
    expect(gradNorms.series!.map((l) => l.name)).toEqual(['all layers', 'dense1', 'dense2'])
    expect(gradNorms.yAxis!.type).toBe('log')
    // The trainer's own words for a metric it declares, its name otherwise.
    expect(drawnWith('train/loss').series!.map((l) => l.name)).toEqual(['Train loss', 'val/loss'])
    const colour = (id: string) => drawnWith(id).series!.find((l) => l.id === id)!.lineStyle.color
    expect(colour('update_ratio/dense1')).toBe(colour('grad_norm/dense1'))
    expect(colour('grad_norm_var/dense1')).toBe(colour('grad_norm/dense1'))
    expect(colour('update_ratio/dense2')).toBe(colour('grad_norm/dense2'))
    expect(new Set([colour('grad_norm/global'), colour('grad_norm/dense1'), colour('grad_norm/dense2'), colour('train/loss'), colour('val/loss')]).size).toBe(5)
    // Per-layer values are charts, not rows of the metrics table; the global norm is a row.
    expect(w.findAll('[data-testid="run-metrics"] tbody tr').map((r) => r.attributes('data-metric'))).toEqual(['train/loss', 'grad_norm/global', 'val/loss'])

    const zh = diag('zh-CN')
    await flushPromises()
    expect(zh.get('[data-testid="run-diagnostics"] h2').text()).toBe('诊断')
    expect(zh.get('[data-testid="run-diagnostics"]').text()).toContain('各层梯度范数')
    expect(zh.get('[data-testid="run-diagnostics"]').text()).toContain('各层更新比')
  })

  it('gives the model size in the summary, not as metric rows, in both languages', async () => {
    const size = async (locale: 'en' | 'zh-CN', trainable: number) => {
      const fake = createFakeApi({
        'runs.get': () => ({ ...runFixture({ id: 16, status: 'finished' }), metrics: {} }),
        'runs.metrics': () => ({ 'train/loss': s([1], () => 1), 'params/total': s([0], () => 4803), 'params/trainable': s([0], () => trainable), 'params/trainable_ratio': s([0], () => trainable / 4803) }),
        'runs.log': () => ({ text: '', nextOffset: 0 }),
        'trainers.list': () => [trainerFixture]
      })
      const w = mountWithApp(RunView, { fake, locale }, { props: { id: 16 } })
      await flushPromises()
      expect(w.findAll('[data-testid="run-metrics"] tbody tr').map((r) => r.attributes('data-metric'))).toEqual(['train/loss'])
      return w.get('[data-testid="run-parameters"]').text()
    }
    expect(await size('en', 4803)).toBe('4,803, all trained')
    expect(await size('en', 1200)).toBe('4,803, 1,200 trained (25%)')
    expect(await size('zh-CN', 1200)).toBe('4,803，其中 1,200 参与训练（25%）')
  })

  it('shows no diagnostics section for a run that recorded none', async () => {
    const fake = createFakeApi({
      'runs.get': () => ({ ...runFixture({ id: 15, status: 'finished' }), metrics: {} }),
      'runs.metrics': () => ({ 'train/loss': s([1, 2], (x) => 1 / x) }),
      'runs.log': () => ({ text: '', nextOffset: 0 }),
      'trainers.list': () => [trainerFixture]
    })
    const w = mountWithApp(RunView, { fake }, { props: { id: 15 } })
    await flushPromises()
    expect(w.find('[data-testid="chart-loss"]').exists()).toBe(true)
    expect(w.find('[data-testid="run-diagnostics"]').exists()).toBe(false)
    fake.emit('run.metrics', { runId: 15, series: { 'update_ratio/out': s([3], () => 0.01) } })
    await flushPromises()
    expect(w.get('[data-testid="run-diagnostics"] [data-testid="chart-update-ratio"]').attributes('data-points')).toBe('1')
    expect(w.find('[data-testid="chart-grad-norm"]').exists()).toBe(false)
  })

  it('shows a missing run as an error with its code', async () => {
    const fake = createFakeApi({
      'runs.get': ({ id }) => {
        throw new AppError('NOT_FOUND', `Run ${id} does not exist`)
      }
    })
    const w = mountWithApp(RunView, { fake }, { props: { id: 404 } })
    await flushPromises()
    expect(w.get('[data-testid="error-notice"]').attributes('data-code')).toBe('NOT_FOUND')
    expect(w.get('[data-testid="error-notice"]').text()).toContain('Run 404 does not exist')
  })

  it('says why a run stopped on a full disk in the window language, and the engine’s words otherwise', async () => {
    const reason = { rule: 'diskFull', values: { dir: '/data/ps', free: '0 B', unsaved: 12 } }
    const failed = runFixture({ id: 8, status: 'failed', statusMessage: 'Disk full: the data folder /data/ps has 0 B free', statusReason: reason })
    const message = async (run: typeof failed, locale: 'en' | 'zh-CN') => {
      const fake = createFakeApi({ 'runs.get': () => ({ ...run, metrics: {} }), 'runs.metrics': () => ({}), 'runs.log': () => ({ text: '', nextOffset: 0 }), 'trainers.list': () => [trainerFixture] })
      const w = mountWithApp(RunView, { fake, locale }, { props: { id: run.id } })
      await flushPromises()
      return w.get('[data-testid="run-status-message"]').text()
    }
    expect(await message(failed, 'en')).toBe('Disk full: the data folder /data/ps has 0 B free, so the run was stopped; 12 metric points could not be written.')
    expect(await message(failed, 'zh-CN')).toBe('磁盘已满：数据文件夹 /data/ps 仅剩 0 B 可用，运行已停止；12 个指标点未能写入。')
    const kept = { ...failed, statusReason: { ...reason, values: { ...reason.values, unsaved: 0 } } }
    expect(await message(kept, 'zh-CN')).toBe('磁盘已满：数据文件夹 /data/ps 仅剩 0 B 可用，运行已停止；已收到的指标点均已写入。')
    expect(await message({ ...failed, statusReason: { rule: 'somethingNew', values: {} } }, 'zh-CN')).toBe('Disk full: the data folder /data/ps has 0 B free')
  })

  it('words a coded failure reason and the log’s coded lines in 中文, leaving other lines as written', async () => {
    const why = msg('trainer.valueMissing', { where: msg('file.rowAt', { row: 9 }), column: 'sugar' })
    const failed = runFixture({ id: 9, status: 'failed', statusMessage: formatMessage('en', why), statusReason: { rule: why.code, values: why.values! } })
    const log = ['mlp 4-16-2 for classification', codedLogLine(msg('log.oneHot', { column: 'region', levels: 4 })), codedLogLine(msg('log.runEndedBecause', { status: msg('status.failed'), message: why }))].join('\n')
    const fake = createFakeApi({ 'runs.get': () => ({ ...failed, metrics: {} }), 'runs.metrics': () => ({}), 'runs.log': () => ({ text: `${log}\n`, nextOffset: log.length + 1 }), 'trainers.list': () => [trainerFixture] })
    const w = mountWithApp(RunView, { fake, locale: 'zh-CN' }, { props: { id: 9 } })
    await flushPromises()
    expect(w.get('[data-testid="run-status-message"]').text()).toBe('第 9 行，列“sugar”：缺少值（data.missing 设为 refuse）')
    expect(w.get('[data-testid="run-log"]').text()).toBe(
      'mlp 4-16-2 for classification\nregion：独热编码，4 个水平\n[paramscope] 运行失败：第 9 行，列“sugar”：缺少值（data.missing 设为 refuse）'
    )
  })

  it('shows the config with the form’s labels, choices and switches, in the window language', async () => {
    const config = { 'data.batch_size': 64, 'data.target': '', 'optimizer.lr': 0.001, 'optimizer.name': 'sgd', 'runtime.shuffle': false }
    const run = runFixture({ id: 11, status: 'finished', config })
    const cells = async (locale: 'en' | 'zh-CN') => {
      const fake = createFakeApi({ 'runs.get': () => ({ ...run, metrics: {} }), 'runs.metrics': () => ({}), 'runs.log': () => ({ text: '', nextOffset: 0 }), 'trainers.list': () => [trainerFixture] })
      const w = mountWithApp(RunView, { fake, locale }, { props: { id: 11 } })
      await flushPromises()
      const row = (key: string) => w.findAll(`[data-testid="run-config"] [data-key="${key}"] td`).map((td) => td.text())
      return { lr: row('optimizer.lr'), name: row('optimizer.name'), shuffle: row('runtime.shuffle'), batch: row('data.batch_size'), groups: w.findAll('[data-testid="run-config"] .group-row').map((g) => g.text()) }
    }
    const en = await cells('en')
    expect(en.lr).toEqual(['Learning rate', '1e-3'])
    expect(en.name).toEqual(['Optimizer', 'SGD ●'])
    expect(en.shuffle).toEqual(['Shuffle', 'off ●'])
    expect(en.batch).toEqual(['Batch size', '64 ●'])
    expect(en.groups).toEqual(['Optimizer', 'Data', 'Other'])
    const zh = await cells('zh-CN')
    expect(zh.lr).toEqual(['学习率', '1e-3'])
    expect(zh.shuffle).toEqual(['打乱', '关 ●'])
    expect(zh.groups).toEqual(['优化器', '数据', '其他'])
  })

  it('says why a run failed without the JavaScript stack trace', async () => {
    const statusMessage = 'Error: The target column "y" is not in the file\n    at readTable (/app/out/main/trainer.js:10:5)\n    at node:internal/process:1:1'
    const failed = runFixture({ id: 10, status: 'failed', statusMessage })
    const fake = createFakeApi({ 'runs.get': () => ({ ...failed, metrics: {} }), 'runs.metrics': () => ({}), 'runs.log': () => ({ text: '', nextOffset: 0 }), 'trainers.list': () => [trainerFixture] })
    const w = mountWithApp(RunView, { fake }, { props: { id: 10 } })
    await flushPromises()
    expect(w.get('[data-testid="run-status-message"]').text()).toBe('Error: The target column "y" is not in the file')
    expect(w.find('[data-testid="run-metrics"]').exists()).toBe(false)
  })

  it('says a trainer ran out of memory, with its peak and the estimate, in the window language', async () => {
    const values = { signal: 'SIGKILL', peak: '3.00 GB', estimate: '2.50 GB', available: '4.00 GB' }
    const crashed = runFixture({ id: 9, status: 'crashed', statusMessage: 'The system ran out of memory', statusReason: { rule: 'outOfMemory', values } })
    const fake = (locale: 'en' | 'zh-CN', run = crashed) => {
      const api = createFakeApi({ 'runs.get': () => ({ ...run, metrics: {} }), 'runs.metrics': () => ({}), 'runs.log': () => ({ text: '', nextOffset: 0 }), 'trainers.list': () => [trainerFixture] })
      return mountWithApp(RunView, { fake: api, locale }, { props: { id: run.id } })
    }
    const en = fake('en')
    const zh = fake('zh-CN', { ...crashed, statusReason: { rule: 'likelyOutOfMemory', values } })
    await flushPromises()
    expect(en.get('[data-testid="run-status-message"]').text()).toBe(
      "Out of memory: the system's out-of-memory killer ended the trainer. Its last measured peak was 3.00 GB; the estimate before start was 2.50 GB of the 4.00 GB available."
    )
    expect(zh.get('[data-testid="run-status-message"]').text()).toBe('训练进程被强制终止（SIGKILL），很可能是系统内存不足所致。最后测得的峰值为 3.00 GB；启动前估计需要 2.50 GB，可用 4.00 GB。')
  })
})
