import { COPY_MODEL_DEFAULTS } from '../config/defaults.ts'
import { COPY_CLIENT_NAMES } from '../hosts/copy-capabilities.ts'
import { formatBytes, formatDurationMs, formatPct } from '../model/format.ts'
import type { CopyLaw, CopyModel, CopyModelLink, DeployPredictions } from '../model/copy-model.ts'
import { isDeployTargetCopyId } from '../model/copy-model.ts'
import type { BenchOutcome, MeasuredBench } from '../model/results-schema.ts'
import { COPY_MODEL_TERMS, predictCopy, type CopyLink, type CopyModelFit } from '../statistics/copy-model.ts'
import { median } from '../statistics/median.ts'

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
    degreesOfFreedom: fit.degreesOfFreedom,
    covariance: fit.covariance,
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

/** A stored law as the fit it came from, so a later run predicts with its intervals. */
export function lawFit(law: CopyLaw): CopyModelFit {
  const coefficients = Object.fromEntries(COPY_MODEL_TERMS.map((term, i) => [term, { ...law.coefficients[term], standardError: Math.sqrt(law.covariance[i]![i]!) }])) as CopyModelFit['coefficients']
  return { coefficients, residualSdMs: law.residualSdMs, n: law.n, degreesOfFreedom: law.degreesOfFreedom, covariance: law.covariance }
}

/** The client a deploy to your machines copies with (bench/deployment-targets.bench.ts). */
export const DEPLOY_TARGET_CLIENT = COPY_CLIENT_NAMES['nix-copy-ssh-ng']

/** Where the laws come from, or why there are none. */
export type CopyLawSource =
  | { model: CopyModel; resultsFile: string | null; fittedAt: string; nix: string | null }
  | { reason: string }

/**
 * Each measured deploy-target copy against the laws: the ssh-ng law's time for what its samples sent, over the link
 * the bench measured, beside their median; and each client's time for the whole closure to an empty store there.
 * Null when the run measured no deploy-target copy.
 */
export function deployPredictions(benchmarks: readonly BenchOutcome[], source: CopyLawSource): DeployPredictions | null {
  const copies = benchmarks.filter((bench): bench is MeasuredBench => bench.status === 'measured' && isDeployTargetCopyId(bench.id))
  if (copies.length === 0) return null
  if ('reason' in source) return { laws: null, reason: source.reason, targets: copies.flatMap((copy) => targetRow(copy, null)) }
  const { model, ...from } = source
  return { laws: { ...from, clients: model.laws.map((law) => law.client) }, reason: null, targets: copies.flatMap((copy) => targetRow(copy, model)) }
}

function targetRow(copy: MeasuredBench, model: CopyModel | null): DeployPredictions['targets'] {
  const counter = (name: string) => copy.samples.find((sample) => sample.counters?.[name] !== undefined)?.counters?.[name]
  const [rttMs, mbitPerS, closurePaths, closureNarBytes] = [counter('linkRttMs'), counter('linkMbitPerS'), counter('closurePaths'), counter('closureBytes')]
  // Recorded before the link was probed: nothing to predict with.
  if (rttMs === undefined || mbitPerS === undefined || closurePaths === undefined || closureNarBytes === undefined) return []
  // The samples keep what earlier ones copied: the typical copy is the most common number of paths sent.
  const byPaths = new Map<number, typeof copy.samples>()
  for (const sample of copy.samples) {
    const paths = sample.counters?.['pathsTransferred'] ?? 0
    byPaths.set(paths, [...(byPaths.get(paths) ?? []), sample])
  }
  const [paths, group] = [...byPaths.entries()].sort(([pathsA, a], [pathsB, b]) => b.length - a.length || pathsB - pathsA)[0]!
  const narBytes = median(group.map((sample) => sample.counters?.['narBytesCopied'] ?? 0).sort((a, b) => a - b))
  const substituted = group.some((sample) => (sample.counters?.['pathsSubstituted'] ?? 0) > 0)
  const measuredMedianMs = median(group.map((sample) => sample.wallMs).sort((a, b) => a - b))
  const link = { rttMs, bandwidthMbitPerS: mbitPerS }
  const law = model?.laws.find((candidate) => candidate.client === DEPLOY_TARGET_CLIENT)
  const prediction = law && !substituted ? predictCopy(lawFit(law), asLink({ ...link, paths, narBytes })) : null
  const errorPct = prediction ? ((measuredMedianMs - prediction.predictedMs) / prediction.predictedMs) * 100 : null
  const freshCopy = (model?.laws ?? []).map((candidate) => ({ client: candidate.client, ...predictCopy(lawFit(candidate), asLink({ ...link, paths: closurePaths, narBytes: closureNarBytes })) })).sort((a, b) => a.predictedMs - b.predictedMs)
  const whole = copy.samples.find((sample) => sample.counters?.['pathsTransferred'] === closurePaths && (sample.counters['pathsSubstituted'] ?? 0) === 0)
  const wholePredicted = freshCopy.find((candidate) => candidate.client === DEPLOY_TARGET_CLIENT)
  const row = {
    benchId: copy.id,
    host: copy.host,
    link: { rttMs, mbitPerS },
    closure: { paths: closurePaths, narBytes: closureNarBytes },
    copied: { samples: group.length, ofSamples: copy.samples.length, paths, narBytes, measuredMedianMs, prediction, errorPct, extrapolated: model !== null && outsideGrid(model.grid, { paths, narBytes }) },
    freshCopy,
    freshCopyExtrapolated: model !== null && outsideGrid(model.grid, { paths: closurePaths, narBytes: closureNarBytes }),
    wholeClosureSample: whole ? { measuredMs: whole.wallMs, errorPct: wholePredicted ? ((whole.wallMs - wholePredicted.predictedMs) / wholePredicted.predictedMs) * 100 : null } : null,
  }
  return [{ ...row, sentence: targetSentence(row, model === null ? null : law ? (substituted ? 'the machine substituted paths itself, which the law does not cover' : null) : `this run has no law for ${DEPLOY_TARGET_CLIENT}`) }]
}

const signedPct = (pct: number) => `${pct >= 0 ? '+' : ''}${formatPct(pct)}`

function outsideGrid(grid: CopyModel['grid'], closure: { paths: number; narBytes: number }): boolean {
  const paths = grid.closures.map((c) => c.paths)
  return closure.paths < Math.min(...paths) || closure.paths > Math.max(...paths) || closure.narBytes > Math.max(...grid.closures.map((c) => c.narBytes))
}

/** "web to root@vps: link 51.2 ms RTT, 9.8 Mbit/s; 4 of 5 copies sent 0 paths: measured 1.21 s, predicted …". */
function targetSentence(row: Omit<DeployPredictions['targets'][number], 'sentence'>, noPrediction: string | null): string {
  const destination = row.benchId.replace(/^deployment\/targets\//, '').replace(/\/copy$/, '').slice(row.host ? row.host.length + 1 : 0)
  const where = `${row.host ?? 'the host'} to ${destination}`
  const link = `link ${row.link.rttMs.toFixed(1)} ms RTT, ${row.link.mbitPerS.toFixed(1)} Mbit/s (inside one ssh session)`
  const { copied } = row
  const sent = `${copied.samples} of ${copied.ofSamples} copies sent ${copied.paths} paths (${formatBytes(copied.narBytes)}): measured ${formatDurationMs(copied.measuredMedianMs)}`
  const extrapolated = ' (outside the grid the laws were fitted on: extrapolated)'
  const against = copied.prediction
    ? `, predicted ${formatDurationMs(copied.prediction.predictedMs)} (95 % PI ${formatDurationMs(copied.prediction.lowMs)} … ${formatDurationMs(copied.prediction.highMs)}), error ${signedPct(copied.errorPct!)}${copied.extrapolated ? extrapolated : ''}`
    : noPrediction ? ` (not predicted: ${noPrediction})` : ''
  const fresh = row.freshCopy.length > 0
    ? `; this closure (${row.closure.paths} paths, ${formatBytes(row.closure.narBytes)}) to an empty store: predicted ${row.freshCopy.map((p) => `${p.client} ${formatDurationMs(p.predictedMs)}`).join(', ')}${row.freshCopyExtrapolated ? extrapolated : ''}`
    : ''
  const whole = row.wholeClosureSample
    ? `; the first copy sent the whole closure: measured ${formatDurationMs(row.wholeClosureSample.measuredMs)}${row.wholeClosureSample.errorPct === null ? '' : ` (${signedPct(row.wholeClosureSample.errorPct)} against ${DEPLOY_TARGET_CLIENT})`}`
    : ''
  return `${where}: ${link}; ${sent}${against}${fresh}${whole}`
}
