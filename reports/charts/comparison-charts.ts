import type { BenchOutcome, MeasuredBench, PerformanceResults } from '../../helpers/model/results-schema.ts'
import type { DotPlotInput, DotPlotRow } from './dot-plot.ts'

/** A comparison chart and what it belongs to: the Markdown section that shows it. */
export interface ComparisonChart {
  subject: 'cache-effectiveness' | 'speed-ups' | 'closure-copies' | 'nix-versions'
  id: string
  plot: DotPlotInput
}

const WALL_TIME = 'wall time (ms)'

/** A measured bench as a row of a dot plot: its samples, median and the median's interval, as the tables show them. */
export function benchRow(label: string, bench: MeasuredBench): DotPlotRow {
  return { label, samples: bench.samples.map((sample) => sample.wallMs), median: bench.statistics.medianMs, interval: bench.statistics.medianCi95Ms }
}

/** Cold against warm, baseline against variant, and the clients on each link: one dot plot per comparison. */
export function comparisonCharts(results: PerformanceResults): ComparisonChart[] {
  const byId = new Map(results.benchmarks.flatMap((bench): Array<[string, MeasuredBench]> => (bench.status === 'measured' ? [[bench.id, bench]] : [])))
  const rows = (pairs: ReadonlyArray<[string, string]>): DotPlotRow[] | null => {
    const found = pairs.map(([label, id]) => (byId.has(id) ? benchRow(label, byId.get(id)!) : null))
    return found.every((row) => row !== null) ? found : null
  }
  const cache = results.cacheEffectiveness.flatMap((pair): ComparisonChart[] => {
    const plotted = rows([['cold', pair.coldId], ['warm', pair.warmId]])
    return plotted ? [{ subject: 'cache-effectiveness', id: pair.pairKey, plot: { title: `${pair.pairKey}: cold against warm`, valueTitle: WALL_TIME, rows: plotted } }] : []
  })
  const speedUps = results.speedUps.flatMap((pair): ComparisonChart[] => {
    const plotted = rows([['baseline', pair.baselineId], ['variant', pair.variantId]])
    return plotted ? [{ subject: 'speed-ups', id: pair.pairKey, plot: { title: pair.pairKey, valueTitle: WALL_TIME, rows: plotted } }] : []
  })
  // Every bench of the version matrix, each Nix build's samples in the rows beneath its name.
  const nixRows = (results.nixVersions?.rows ?? []).flatMap((row) => {
    const name = row.host ? `${row.name} (${row.host})` : row.name
    return rows([[`${name}, ${row.baselineNix}`, row.baselineId], [`${name}, ${row.variantNix}`, row.variantId]]) ?? []
  })
  const nixVersions: ComparisonChart[] = nixRows.length > 0 ? [{ subject: 'nix-versions', id: 'matrix', plot: { title: 'Each bench on each Nix build', valueTitle: WALL_TIME, rows: nixRows } }] : []
  return [...cache, ...speedUps, ...copyCharts(results.benchmarks), ...nixVersions]
}

/** Closure copies, one plot per link: each client and claim that was measured there (ids deployment/copy/<link>/<client>/<claim>). */
function copyCharts(benchmarks: readonly BenchOutcome[]): ComparisonChart[] {
  const links = new Map<string, DotPlotRow[]>()
  for (const bench of benchmarks) {
    const [, , link, client, claim] = bench.id.split('/')
    if (!bench.id.startsWith('deployment/copy/') || bench.status !== 'measured' || !link || !client || !claim) continue
    links.set(link, [...(links.get(link) ?? []), benchRow(`${client}, ${claim.replace(/-/g, ' ')}`, bench)])
  }
  return [...links].map(([link, plotted]) => ({ subject: 'closure-copies', id: link, plot: { title: `Closure copies over the ${link} link`, valueTitle: WALL_TIME, rows: plotted } }))
}
