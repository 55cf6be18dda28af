import { CONCERNS } from '../helpers/model/concerns.ts'
import type { MeasuredBench, PerformanceResults } from '../helpers/model/results-schema.ts'
import { CONCERN_REPORTS } from './concerns.ts'

/**
 * Conclusions the data supports, in words, concern by concern (reports/concerns.ts): e.g. where deployment time
 * goes, what the binary cache saves. Each appears only when the benches behind it were measured in this run.
 */
export function findings(results: Omit<PerformanceResults, 'findings'>): string[] {
  const byId = new Map(results.benchmarks.filter((bench): bench is MeasuredBench => bench.status === 'measured').map((bench) => [bench.id, bench]))
  return CONCERNS.flatMap((concern) => CONCERN_REPORTS[concern].findings.flatMap((finding) => finding(byId)))
}
