import { formatDurationMs } from '../model/format.ts'
import type { Resolution } from '../model/results-schema.ts'

/**
 * A median further below 0 than the resolution cannot be a duration less a cost known that well: the cost was
 * estimated while the machine was busier than when the samples ran (the load changed within seconds), so every
 * sample of that process lost about the difference. Null when the median is consistent with its resolution.
 */
export function subtractionWarning(label: string, medianMs: number, resolution: Resolution): string | null {
  if (!resolution.wrapperCost || medianMs >= -resolution.resolutionMs) return null
  return `${label}: the median reads ${formatDurationMs(medianMs)}, below 0 by more than the resolution (±${formatDurationMs(resolution.resolutionMs)}): ` +
    `GNU time's cost (${formatDurationMs(resolution.wrapperCost.costMs)}) was estimated while the machine was busier than when the samples ran, ` +
    'so the short figures of this bench file read low by up to that much; run again on a calmer machine.'
}
