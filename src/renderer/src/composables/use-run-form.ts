import { computed, reactive, watch } from 'vue'
import type { Config, GroupSpec, ParamSpec, ParamValue, TrainerInfo } from '../../../shared/api'
import type { FieldIssue } from '../../../shared/errors'
import { paramProblem, parseParamText, problemMessage, validateConfig } from '../../../shared/params'

/** What a field holds while the user types: text for numbers and strings, booleans for checkboxes. */
export type FieldText = string | boolean

export interface ParamGroupView {
  id: string
  /** Null for parameters whose group the schema does not declare. */
  group: GroupSpec | null
  params: ParamSpec[]
}

/** Parameters by group, groups in schema order, undeclared groups last. */
export function groupParams(trainer: Pick<TrainerInfo, 'groups' | 'params'>): ParamGroupView[] {
  const views: ParamGroupView[] = trainer.groups.map((group) => ({ id: group.id, group, params: [] }))
  const other: ParamGroupView = { id: '(other)', group: null, params: [] }
  for (const param of trainer.params) (views.find((v) => v.id === param.group) ?? other).params.push(param)
  return [...views, other].filter((v) => v.params.length > 0)
}

/** A value as the form shows it; small log-scale floats in exponent notation (1e-3, 2e-5). */
export function formatParamValue(spec: ParamSpec, value: ParamValue): FieldText {
  if (spec.type === 'bool') return value === true
  if (spec.type === 'float' && spec.log && typeof value === 'number' && value !== 0 && Math.abs(value) < 0.01) {
    return value.toExponential()
  }
  return String(value)
}

function parseField(spec: ParamSpec, text: FieldText): ParamValue {
  return typeof text === 'boolean' ? text : parseParamText(spec, text)
}

/**
 * The state of a run form generated from a trainer schema: the typed text per field, the parsed
 * values, inline problems as the user types (the shared `paramProblem`), issues the engine reported,
 * and which values differ from their defaults.
 */
export function useRunForm(trainer: () => TrainerInfo | null) {
  const texts = reactive<Record<string, FieldText>>({})
  const serverIssues = reactive<Record<string, FieldIssue>>({})

  function clear(target: Record<string, unknown>): void {
    for (const key of Object.keys(target)) delete target[key]
  }

  function reset(): void {
    clear(texts)
    clear(serverIssues)
    for (const spec of trainer()?.params ?? []) texts[spec.key] = formatParamValue(spec, spec.default)
  }

  watch(trainer, reset, { immediate: true })

  const specs = computed(() => trainer()?.params ?? [])

  const values = computed<Config>(() =>
    Object.fromEntries(specs.value.map((spec) => [spec.key, parseField(spec, texts[spec.key] ?? spec.default)]))
  )

  const errors = computed<Record<string, FieldIssue>>(() => {
    const out: Record<string, FieldIssue> = {}
    for (const spec of specs.value) {
      const problem = paramProblem(spec, values.value[spec.key])
      if (problem) out[spec.key] = { field: spec.key, message: problemMessage(problem), ...problem }
      else if (serverIssues[spec.key]) out[spec.key] = serverIssues[spec.key]
    }
    return out
  })

  const changed = computed<string[]>(() =>
    specs.value.filter((spec) => !Object.is(values.value[spec.key], spec.default)).map((spec) => spec.key)
  )

  function setText(key: string, text: FieldText): void {
    texts[key] = text
    delete serverIssues[key]
  }

  /**
   * Every problem the schema alone finds, as the engine would report it. Issues the engine gave
   * earlier are dropped: they may depend on a dataset that changed since, so the engine is asked again.
   */
  function check(): FieldIssue[] {
    clear(serverIssues)
    const t = trainer()
    return t ? validateConfig(t, values.value).issues : []
  }

  /**
   * Shows engine issues next to their fields (`optimizer.lr` or `config.optimizer.lr`) and
   * returns those that belong to no parameter, for the caller to show elsewhere.
   */
  function applyIssues(issues: FieldIssue[]): FieldIssue[] {
    const rest: FieldIssue[] = []
    for (const issue of issues) {
      const key = issue.field.startsWith('config.') ? issue.field.slice('config.'.length) : issue.field
      if (specs.value.some((s) => s.key === key)) serverIssues[key] = issue
      else rest.push(issue)
    }
    return rest
  }

  return reactive({
    texts,
    values,
    errors,
    changed,
    isValid: computed(() => Object.keys(errors.value).length === 0),
    setText,
    reset,
    check,
    applyIssues
  })
}

export type RunFormState = ReturnType<typeof useRunForm>
