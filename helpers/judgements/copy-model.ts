import { COPY_MODEL_DEFAULTS } from '../config/defaults.ts'
import { formatBytes, formatDurationMs, formatPct } from '../model/format.ts'
import type { CopyLaw, CopyModel, CopyModelLink } from '../model/copy-model.ts'
import { COPY_MODEL_TERMS, predictCopy, type CopyLink, type CopyModelFit } from '../statistics/copy-model.ts'

/** A bandwidth in Mbit/s as the fit takes it: bytes per millisecond. */
export function bytesPerMs(mbitPerS: number): number {
  return (mbitPerS * 1e6) / 8 / 1000
}

function asLink(link: CopyModelLink): CopyLink {
  return { rttMs: link.rttMs, paths: link.paths, narBytes: link.narBytes, bandwidthBytesPerMs: bytesPerMs(link.bandwidthMbitPerS) }
}

// A true minus sign, as helpers/model/format.ts writes one.
const two = (value: number) => value.toFixed(2).replace('-', '−')

/** The law in words, its round trips per path first: the reason one client beats another on a slow link. */
export function lawSentence(client: string, fit: CopyModelFit): string {
  const { fixedMs, fixedMsPerPath, roundTrips, roundTripsPerPath, bandwidthFactor } = fit.coefficients
  const perPath = `~${(Math.round(roundTripsPerPath.estimate * 10) / 10 || 0).toFixed(1).replace('-', '−')} round trips per path (95 % CI ${two(roundTripsPerPath.low)} … ${two(roundTripsPerPath.high)})`
  const law = `time = ${formatDurationMs(fixedMs.estimate)} + ${formatDurationMs(fixedMsPerPath.estimate)} × paths + RTT × (${two(roundTrips.estimate)} + ${two(roundTripsPerPath.estimate)} × paths) + bytes ÷ bandwidth × ${two(bandwidthFactor.estimate)}`
  return `${client}: ${perPath}; ${law}, fitted on ${fit.n} copies (residual sd ${formatDurationMs(fit.residualSdMs)})`
}

/** One client's law, checked on the held-out link when it was measured. */
export function copyLaw(client: string, fit: CopyModelFit, heldOut: { link: CopyModelLink; benchId: string; measuredMedianMs: number } | null): CopyLaw {
  const coefficients = Object.fromEntries(COPY_MODEL_TERMS.map((term) => {
    const { estimate, low, high } = fit.coefficients[term]
    return [term, { estimate, low, high }]
  })) as CopyLaw['coefficients']
  return {
    client,
    n: fit.n,
    residualSdMs: fit.residualSdMs,
    coefficients,
    sentence: lawSentence(client, fit),
    heldOut: heldOut ? heldOutCheck(client, fit, heldOut) : null,
  }
}

/**
 * The gate: the held-out link's measured median must fall inside the law's 95 % prediction interval there, widened
 * by the run-to-run noise floor (COPY_MODEL_DEFAULTS.checkNoiseFloorPct) of the prediction: the interval covers the
 * scatter within the grid, not the drift of a loaded machine between the grid and the check, measured minutes later.
 */
export function heldOutCheck(client: string, fit: CopyModelFit, heldOut: { link: CopyModelLink; benchId: string; measuredMedianMs: number }): NonNullable<CopyLaw['heldOut']> {
  const prediction = predictCopy(fit, asLink(heldOut.link))
  const { measuredMedianMs } = heldOut
  const errorPct = ((measuredMedianMs - prediction.predictedMs) / prediction.predictedMs) * 100
  const where = `${client} at ${linkLabel(heldOut.link)} (left out of the fit)`
  const interval = `${formatDurationMs(prediction.lowMs)} … ${formatDurationMs(prediction.highMs)}`
  const measured = `measured ${formatDurationMs(measuredMedianMs)}, predicted ${formatDurationMs(prediction.predictedMs)} (95 % prediction interval ${interval}), error ${errorPct >= 0 ? '+' : ''}${formatPct(errorPct)}`
  if (measuredMedianMs >= prediction.lowMs && measuredMedianMs <= prediction.highMs) return { ...heldOut, prediction, errorPct, status: 'pass', sentence: `${where}: ${measured}, inside the interval` }
  const [edge, beyondMs] = measuredMedianMs > prediction.highMs ? ['above', measuredMedianMs - prediction.highMs] : ['below', prediction.lowMs - measuredMedianMs]
  const { checkNoiseFloorPct } = COPY_MODEL_DEFAULTS
  const outside = `${where}: ${measured}, ${formatDurationMs(beyondMs)} ${edge} the interval`
  if (beyondMs <= (prediction.predictedMs * checkNoiseFloorPct) / 100) {
    return { ...heldOut, prediction, errorPct, status: 'pass', sentence: `${outside}, within the ±${checkNoiseFloorPct} % run-to-run noise floor of the prediction` }
  }
  return { ...heldOut, prediction, errorPct, status: 'fail', sentence: `${outside}, beyond the ±${checkNoiseFloorPct} % run-to-run noise floor: the law does not predict this link` }
}

export function linkLabel(link: Pick<CopyModelLink, 'rttMs' | 'bandwidthMbitPerS'>): string {
  return `${link.rttMs.toFixed(1)} ms RTT, ${link.bandwidthMbitPerS.toFixed(0)} Mbit/s`
}

/** Each client at each what-if link for one closure: the predicted times, the winner and by how much. */
export function whatIf(
  fits: ReadonlyArray<{ client: string; fit: CopyModelFit }>,
  links: ReadonlyArray<{ name: string; rttMs: number; bandwidthMbitPerS: number }>,
  closure: { paths: number; narBytes: number },
  grid: CopyModel['grid'],
): CopyModel['whatIf'] {
  const extrapolated = closure.paths > Math.max(...grid.closures.map((c) => c.paths)) || closure.narBytes > Math.max(...grid.closures.map((c) => c.narBytes))
  return links.map(({ name, ...at }) => {
    const link = { ...at, ...closure }
    const predictions = fits.map(({ client, fit }) => ({ client, ...predictCopy(fit, asLink(link)) })).sort((a, b) => a.predictedMs - b.predictedMs)
    const [first, second] = predictions
    return { linkName: name, link, predictions, winner: first!.client, timesFaster: second ? second.predictedMs / first!.predictedMs : 1, extrapolated }
  })
}

/** The what-if row in words: "relayed (50.0 ms RTT, 10 Mbit/s), 21 paths, 4.00 MiB: ssh-ng wins, ×2.6 faster than …". */
export function whatIfSentence(row: CopyModel['whatIf'][number]): string {
  const [first, second] = row.predictions
  const versus = second ? `, ×${row.timesFaster.toFixed(2)} faster than ${second.client} (${formatDurationMs(second.predictedMs)})` : ''
  return `${row.linkName} (${linkLabel(row.link)}), ${row.link.paths} paths, ${formatBytes(row.link.narBytes)}: ${row.winner} is predicted fastest at ${formatDurationMs(first!.predictedMs)}${versus}${row.extrapolated ? ' (closure beyond the grid: extrapolated)' : ''}`
}
