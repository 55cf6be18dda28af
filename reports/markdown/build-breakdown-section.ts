import { formatBytes, formatCount, formatDurationMs, formatPct } from '../../helpers/model/format.ts'
import { COUNTER } from '../../helpers/model/concerns.ts'
import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { counterMedian } from '../../helpers/statistics/median.ts'
import { benchLabel, cell, measured } from './outcomes.ts'
import { left, markdownTable, right } from './table.ts'

/** Where a build's time went: what was built or substituted, and how much it moved. Medians per sample. */
export function buildBreakdownSection(results: PerformanceResults): string[] {
  const benches = measured(results).filter((bench) => bench.samples.some((sample) => sample.counters?.[COUNTER.derivationsBuilt] !== undefined))
  if (benches.length === 0) return []
  const rows = benches.map((bench) => {
    const built = counterMedian(bench.samples, COUNTER.derivationsBuilt)
    const substituted = counterMedian(bench.samples, COUNTER.pathsSubstituted)
    const hitRate = built === null || substituted === null || built + substituted === 0 ? null : (substituted / (built + substituted)) * 100
    return [
      benchLabel(bench),
      cell(built, formatCount),
      cell(substituted, formatCount),
      cell(hitRate, formatPct),
      cell(counterMedian(bench.samples, COUNTER.narBytesSubstituted), formatBytes),
      cell(counterMedian(bench.samples, COUNTER.buildingMs), formatDurationMs),
      cell(counterMedian(bench.samples, COUNTER.substitutingMs), formatDurationMs),
      `${cell(counterMedian(bench.samples, COUNTER.closurePaths), formatCount)} paths, ${cell(counterMedian(bench.samples, COUNTER.closureBytes), formatBytes)}`,
    ]
  })
  return [
    '## Build breakdown (from --log-format internal-json, median per sample)',
    '',
    ...markdownTable(
      [
        left('Bench'), right('Built'), right('Substituted'), right('Cache hit rate'), right('Substituted (NAR)'),
        right('Building'), right('Substituting'), right('Closure'),
      ],
      rows,
    ),
    '',
    'Building and substituting are wall time with at least one such activity running; the rest of a sample is evaluation, querying and start-up.',
  ]
}
