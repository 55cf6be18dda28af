import type { Summary, Threshold, Verdict } from '../model/results-schema.ts'

const STATISTIC_FIELD = { median: 'medianMs', mean: 'meanMs', max: 'maxMs' } as const

/** Whole milliseconds from 100 ms up, three significant digits below: enough to compare, short enough to read. */
export function formatLimitMs(ms: number): string {
  return ms >= 100 ? String(Math.round(ms)) : String(Number(ms.toPrecision(3)))
}

/**
 * Compares the threshold's statistic with its limit; the sentence names limit, measurement, excess and source. A
 * statistic below the samples' resolution is known only to be under it, so that bound is what meets the limit or
 * not: a limit finer than the harness can resolve fails, saying so, rather than passing on a figure it is not.
 */
export function checkThreshold(label: string, summary: Summary, threshold: Threshold | null): Verdict {
  if (!threshold) return { status: 'none' }
  const measuredMs = summary[STATISTIC_FIELD[threshold.statistic]]
  const { limitMs, statistic, source } = threshold
  const resolutionMs = summary.resolutionMs
  if (resolutionMs !== undefined && measuredMs < resolutionMs) {
    const measured = `${label}: ${statistic} below resolution (< ${formatLimitMs(resolutionMs)} ms)`
    if (resolutionMs <= limitMs) {
      return { status: 'pass', measuredMs, limitMs, sentence: `${measured} is within the limit of ${formatLimitMs(limitMs)} ms (limit: ${source})` }
    }
    return {
      status: 'fail',
      measuredMs,
      limitMs,
      overByPct: ((resolutionMs - limitMs) / limitMs) * 100,
      sentence: `${measured} cannot be shown within the limit of ${formatLimitMs(limitMs)} ms, which is finer than the harness resolves ` +
        `(limit: ${source}); raise the limit above ${formatLimitMs(resolutionMs)} ms`,
    }
  }
  const measured = `${label}: ${statistic} ${formatLimitMs(measuredMs)} ms`
  if (measuredMs <= limitMs) {
    return { status: 'pass', measuredMs, limitMs, sentence: `${measured} is within the limit of ${formatLimitMs(limitMs)} ms (limit: ${source})` }
  }
  const overByPct = ((measuredMs - limitMs) / limitMs) * 100
  return {
    status: 'fail',
    measuredMs,
    limitMs,
    overByPct,
    sentence: `${measured} is over the limit of ${formatLimitMs(limitMs)} ms by ${overByPct.toFixed(1)} % (limit: ${source})`,
  }
}
