import type { GroupSpec } from '../../../../../shared/api'

/** The parameter groups the built-in trainers share, labelled once so every form reads alike. */
export const commonGroups: GroupSpec[] = [
  { id: 'data', label: { en: 'Data', 'zh-CN': '数据' } },
  { id: 'model', label: { en: 'Model', 'zh-CN': '模型' } },
  { id: 'optimizer', label: { en: 'Optimizer', 'zh-CN': '优化器' } },
  { id: 'schedule', label: { en: 'Schedule', 'zh-CN': '学习率调度' } },
  { id: 'regularization', label: { en: 'Regularization', 'zh-CN': '正则化' } },
  { id: 'training', label: { en: 'Training', 'zh-CN': '训练' } },
  { id: 'early_stopping', label: { en: 'Early stopping', 'zh-CN': '提前停止' } },
  { id: 'diagnostics', label: { en: 'Diagnostics', 'zh-CN': '诊断' } },
  { id: 'finetune', label: { en: 'Fine-tuning', 'zh-CN': '微调' } },
  { id: 'lora', label: { en: 'LoRA', 'zh-CN': 'LoRA' } },
  { id: 'runtime', label: { en: 'Runtime', 'zh-CN': '运行环境' } }
]

/** A trainer's groups in its order: the shared labels, or `own` for a group of the trainer's own. */
export function paramGroups(ids: string[], own: Record<string, GroupSpec['label']> = {}): GroupSpec[] {
  return ids.map((id) => {
    const label = own[id] ?? commonGroups.find((g) => g.id === id)?.label
    if (!label) throw new Error(`no label for the parameter group ${id}`)
    return { id, label }
  })
}
