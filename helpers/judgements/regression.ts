import { formatPct } from '../model/format.ts'
import type { ComparisonEntry } from '../model/results-schema.ts'
import type { RelativeChange } from '../statistics/change.ts'

/** A slowdown beyond the noise floor fails the run only when its median change exceeds the tolerance. */
export function isRegression(change: RelativeChange, regressionTolerancePct: number): boolean {
  return change.verdict === 'slower' && change.changePct > regressionTolerancePct
}

/** The one sentence for a regression, wherever it is printed: the change of the median and its 95 % interval. */
export function regressionSentence(entry: Pick<ComparisonEntry, 'name' | 'changePct' | 'ciPct'>): string {
  const interval = entry.ciPct ? ` (95 % CI ${formatPct(entry.ciPct[0])} … ${formatPct(entry.ciPct[1])})` : ''
  return `${entry.name} is ${formatPct(entry.changePct)} slower than the baseline${interval}`
}
