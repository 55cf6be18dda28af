import { formatDurationMs, formatPct } from '../model/format.ts'
import type { Summary, Threshold, Verdict } from '../model/results-schema.ts'

const STATISTIC_FIELD = { median: 'medianMs', mean: 'meanMs', max: 'maxMs' } as const

/**
 * Compares the threshold's statistic with its limit; the sentence names limit, measurement, excess and source. A
 * statistic below the samples' resolution is known only to be under it, so that bound is what meets the limit or
 * not: a limit finer than the harness can resolve fails, saying so, rather than passing on a figure it is not.
 */
export function checkThreshold(label: string, summary: Summary, threshold: Threshold | null): Verdict {
  if (!threshold) return { status: 'none' }
  const measuredMs = summary[STATISTIC_FIELD[threshold.statistic]]
  const { limitMs, statistic, source } = threshold
  const limit = `the limit of ${formatDurationMs(limitMs)}`
  const resolutionMs = summary.resolutionMs
  if (resolutionMs !== undefined && measuredMs < resolutionMs) {
    const measured = `${label}: ${statistic} below resolution (< ${formatDurationMs(resolutionMs)})`
    if (resolutionMs <= limitMs) {
      return { status: 'pass', measuredMs, limitMs, sentence: `${measured} is within ${limit} (limit: ${source})` }
    }
    return {
      status: 'fail',
      measuredMs,
      limitMs,
      overByPct: ((resolutionMs - limitMs) / limitMs) * 100,
      sentence: `${measured} cannot be shown within ${limit}, which is finer than the harness resolves ` +
        `(limit: ${source}); raise the limit above ${formatDurationMs(resolutionMs)}`,
    }
  }
  const measured = `${label}: ${statistic} ${formatDurationMs(measuredMs)}`
  if (measuredMs <= limitMs) {
    return { status: 'pass', measuredMs, limitMs, sentence: `${measured} is within ${limit} (limit: ${source})` }
  }
  const overByPct = ((measuredMs - limitMs) / limitMs) * 100
  return { status: 'fail', measuredMs, limitMs, overByPct, sentence: `${measured} is over ${limit} by ${formatPct(overByPct)} (limit: ${source})` }
}
