import { describe, expect, it } from 'vitest'
import { familyNames } from './diagnostics'
import { buildLineOption } from './line-option'
import { colorKey, palette, seriesColors } from './series-colors'

const s = (n: number) => ({ steps: Array.from({ length: n }, (_, i) => i + 1), values: Array.from({ length: n }, () => 1), times: Array.from({ length: n }, () => 0) })

describe('seriesColors', () => {
  it('keys diagnostics by layer and metrics by split', () => {
    expect(['grad_norm/dense1', 'grad_norm_var/dense1', 'update_ratio/dense1', 'grad_norm/global'].map(colorKey)).toEqual(['dense1', 'dense1', 'dense1', 'global'])
    expect(['train/loss', 'val/accuracy', 'lr', 'custom/thing'].map(colorKey)).toEqual(['train', 'val', 'lr', 'custom'])
  })

  it('gives a layer one colour in every family and distinct layers distinct colours', () => {
    const names = ['train/loss', 'val/loss', 'lr', 'grad_norm/global', 'grad_norm/dense10', 'grad_norm/dense2', 'update_ratio/dense2', 'update_ratio/dense10', 'grad_norm_var/dense2']
    const color = seriesColors(names)
    expect(color('grad_norm/dense2')).toBe(color('update_ratio/dense2'))
    expect(color('grad_norm_var/dense2')).toBe(color('grad_norm/dense2'))
    expect(color('train/loss')).toBe(palette[0])
    expect(color('val/accuracy')).toBe(palette[1])
    // dense2 sorts before dense10, whatever order the names came in.
    expect(color('grad_norm/dense2')).toBe(palette[4])
    expect(color('grad_norm/dense10')).toBe(palette[5])
    const layers = ['global', 'lr', 'train', 'val', 'dense2', 'dense10'].map((k) => color(`update_ratio/${k}`))
    expect(new Set(layers).size).toBe(layers.length)
    // The same names in another order: the same colours.
    const again = seriesColors([...names].reverse())
    expect(names.map(again)).toEqual(names.map(color))
  })

  it('never repeats a colour when the layers outnumber the palette', () => {
    const names = Array.from({ length: 30 }, (_, i) => `grad_norm/block${i}`)
    const color = seriesColors(names)
    expect(new Set(names.map(color)).size).toBe(30)
  })

  it('colours each line of a chart by the given colour', () => {
    const { option } = buildLineOption({ lines: [{ name: 'grad_norm/a', label: 'a', series: s(2), color: '#123456' }], stepLabel: 'step' })
    const [line] = option.series as Array<{ lineStyle: { color: string }; itemStyle: { color: string } }>
    expect([line.lineStyle.color, line.itemStyle.color]).toEqual(['#123456', '#123456'])
  })
})

describe('familyNames', () => {
  it('lists one family with points, the global value first and layers in natural order', () => {
    const series = { 'grad_norm/l10': s(2), 'grad_norm/global': s(2), 'grad_norm/l2': s(1), 'grad_norm_var/l2': s(1), 'grad_norm/empty': s(0), 'train/loss': s(3) }
    expect(familyNames(series, 'grad_norm')).toEqual(['grad_norm/global', 'grad_norm/l2', 'grad_norm/l10'])
    expect(familyNames(series, 'grad_norm_var')).toEqual(['grad_norm_var/l2'])
    expect(familyNames(series, 'update_ratio')).toEqual([])
  })
})
