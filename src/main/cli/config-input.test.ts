import { describe, expect, it } from 'vitest'
import type { TrainerInfo } from '../../shared/api'
import { validateConfig } from '../../shared/params'
import { applySets } from './config-input'

const t = { en: 'x', 'zh-CN': 'x' }
const trainer = {
  id: 'mlp',
  params: [{ key: 'model.hidden_size', group: 'model', label: t, help: t, type: 'int', default: 64, min: 1 }]
} as unknown as TrainerInfo

describe('applySets', () => {
  it('keeps "16,64,256" as typed so the check names the field and the list', () => {
    const config = applySets(trainer, {}, ['model.hidden_size=16,64,256'])
    expect(config['model.hidden_size']).toBe('16,64,256')
    const [issue] = validateConfig(trainer, config).issues
    expect(issue).toMatchObject({ field: 'model.hidden_size', rule: 'list' })
    expect(issue.message).toBe('takes one number, not a list (got "16,64,256"); use a dot for decimals and one run per value')
  })

  it('reads one number', () => {
    expect(applySets(trainer, {}, ['model.hidden_size= 128 '])).toEqual({ 'model.hidden_size': 128 })
  })
})
