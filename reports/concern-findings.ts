import { COUNTER } from '../helpers/model/concerns.ts'
import { formatDurationMs } from '../helpers/model/format.ts'
import type { MeasuredBench } from '../helpers/model/results-schema.ts'

/** The measured benches of one run by id: what a finding reads. */
export type MeasuredById = ReadonlyMap<string, MeasuredBench>

/** One conclusion a concern's data supports, in words; empty when the benches behind it were not measured. */
export type Finding = (byId: MeasuredById) => string[]

/** Where deployment time goes: each deploy phase's share of the sum of their medians (ssh alone is a probe). */
export const deployPhaseShares: Finding = (byId) => {
  const phases = [...byId.values()].filter((bench) => bench.id.startsWith('deployment/deploy/') && !bench.id.endsWith('-ssh'))
  const phaseTotal = phases.reduce((sum, bench) => sum + bench.statistics.medianMs, 0)
  if (phases.length <= 1 || phaseTotal <= 0) return []
  const ranked = [...phases].sort((a, b) => b.statistics.medianMs - a.statistics.medianMs)
  return [`Deployment end to end takes ${formatDurationMs(phaseTotal)} (sum of phase medians); by share: ${ranked.map((bench) => `${bench.name.replace('deploy phase: ', '')} ${((bench.statistics.medianMs / phaseTotal) * 100).toFixed(0)} %`).join(', ')}.`]
}

/** What the ssh-ng protocol saves against nix-copy-closure on the slow link. */
export const copyProtocolOnSlowLink: Finding = (byId) => {
  const legacy = byId.get('deployment/copy/relayed/nix-copy-closure/fresh-store')
  const ng = byId.get('deployment/copy/relayed/nix-copy-ssh-ng/fresh-store')?.statistics.medianMs
  if (!legacy || ng === undefined || legacy.statistics.medianMs <= ng) return []
  const paths = legacy.samples[0]?.counters?.[COUNTER.closurePaths]
  const rtt = legacy.samples[0]?.counters?.[COUNTER.achievedRttMs]
  return [`On the relayed link (${rtt?.toFixed(0)} ms RTT), \`nix copy --to ssh-ng://\` saves ${formatDurationMs(legacy.statistics.medianMs - ng)} against nix-copy-closure for ${paths} paths: the legacy protocol pays round trips per path.`]
}

/** What the binary cache saves per build, for the first host whose cached build is faster. */
export const binaryCacheSaving: Finding = (byId) => {
  for (const cached of [...byId.values()].filter((bench) => bench.id.startsWith('builds/cached-build/'))) {
    const host = cached.id.split('/').at(-1)!
    const uncached = byId.get(`builds/uncached-build/${host}`)?.statistics.medianMs
    if (uncached !== undefined && uncached > cached.statistics.medianMs) {
      return [`The binary cache saves ${formatDurationMs(uncached - cached.statistics.medianMs)} per build of ${host} (${((1 - cached.statistics.medianMs / uncached) * 100).toFixed(0)} % of the uncached build).`]
    }
  }
  return []
}
