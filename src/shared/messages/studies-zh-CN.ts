import type { studiesEn } from './studies-en'

/** 研究及其试验的状态说明（中文），与 studies-en.ts 同形。 */
export const studiesZhCN: typeof studiesEn = {
  status: {
    budgetTrials: '已达到 {max} 个试验的预算',
    budgetSeconds: '已达到 {seconds} 秒的预算',
    allEnded: '所有规划的试验均已结束',
    cancelled: '已取消',
    paused: '已暂停',
    pausedBecause: '已暂停：{reason}',
    engineStopped: '运行它的引擎已停止；恢复即可继续',
    pausedByProcess: '已由进程 {pid} 暂停',
    cancelledByProcess: '已由进程 {pid} 取消',
    extended: '已扩展；恢复即可运行新的试验'
  },
  trial: {
    studyCancelled: '研究已取消',
    engineStopped: '运行期间其引擎停止了',
    engineStoppedBeforeStart: '其运行启动之前引擎停止了',
    runCancelled: '其运行 {run} 已取消',
    runEnded: '运行 {run} {status}',
    runEndedBecause: '运行 {run} {status}：{reason}',
    requeued: '已重新排队；将从上一个检查点继续',
    notStarted: '其运行无法启动：{reason}',
    noMetric: '运行没有报告 {metric}（它报告了 {reported}）',
    noMetricAtAll: '运行没有报告 {metric}（它没有报告任何指标）',
    noMetricAtStep: '运行在第 {step} 步及之前没有报告 {metric}'
  },
  pruned: {
    median: '在第 {step} 步剪枝：目前最好值 {best} 劣于 {trials} 个已完成试验在该步的中位数 {median}。',
    rung: '在第 {step} 步剪枝：在第 {rung} 级（第 {resource} 步）的值 {value} 不在到达该级的 {competing} 个试验的前 {promoted} 名之内（分界值 {cutoff}）。',
    bracketRung: '在第 {step} 步剪枝（Hyperband 第 {bracket} 组）：在第 {rung} 级（第 {resource} 步）的值 {value} 不在本组到达该级的 {competing} 个试验的前 {promoted} 名之内（分界值 {cutoff}）。',
    rungBootstrap: '在第 {step} 步剪枝：到达第 {rung} 级（第 {resource} 步）的试验只有 {competing} 个，须超过 {bootstrap} 个才会有试验继续。',
    nonFinite: '在第 {step} 步剪枝：指标不是有限数值（{value}）。'
  }
}
