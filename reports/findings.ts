import type { MeasuredBench, PerformanceResults } from '../helpers/model/results-schema.ts'

/**
 * Conclusions the data supports, in words: where deployment time goes, what a copy protocol saves on a slow
 * link, what the binary cache saves. Each appears only when the benches behind it were measured in this run.
 */
export function findings(results: Omit<PerformanceResults, 'findings'>): string[] {
  const byId = new Map(results.benchmarks.filter((bench): bench is MeasuredBench => bench.status === 'measured').map((bench) => [bench.id, bench]))
  const median = (id: string) => byId.get(id)?.statistics.medianMs
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  const lines: string[] = []

  const phases = [...byId.values()].filter((bench) => bench.id.startsWith('deployment/deploy/') && !bench.id.endsWith('-ssh'))
  const phaseTotal = phases.reduce((sum, bench) => sum + bench.statistics.medianMs, 0)
  if (phases.length > 1 && phaseTotal > 0) {
    const ranked = [...phases].sort((a, b) => b.statistics.medianMs - a.statistics.medianMs)
    lines.push(`Deployment end to end takes ${seconds(phaseTotal)} (sum of phase medians); by share: ${ranked.map((bench) => `${bench.name.replace('deploy phase: ', '')} ${((bench.statistics.medianMs / phaseTotal) * 100).toFixed(0)} %`).join(', ')}.`)
  }

  const legacy = byId.get('deployment/copy/relayed/nix-copy-closure/fresh-store')
  const ng = median('deployment/copy/relayed/nix-copy-ssh-ng/fresh-store')
  if (legacy && ng !== undefined && legacy.statistics.medianMs > ng) {
    const paths = legacy.samples[0]?.counters?.closurePaths
    const rtt = legacy.samples[0]?.counters?.achievedRttMs
    lines.push(`On the relayed link (${rtt?.toFixed(0)} ms RTT), \`nix copy --to ssh-ng://\` saves ${seconds(legacy.statistics.medianMs - ng)} against nix-copy-closure for ${paths} paths: the legacy protocol pays round trips per path.`)
  }

  for (const cached of [...byId.values()].filter((bench) => bench.id.startsWith('builds/cached-build/'))) {
    const host = cached.id.split('/').at(-1)!
    const uncached = median(`builds/uncached-build/${host}`)
    if (uncached !== undefined && uncached > cached.statistics.medianMs) {
      lines.push(`The binary cache saves ${seconds(uncached - cached.statistics.medianMs)} per build of ${host} (${((1 - cached.statistics.medianMs / uncached) * 100).toFixed(0)} % of the uncached build).`)
      break
    }
  }
  return lines
}
