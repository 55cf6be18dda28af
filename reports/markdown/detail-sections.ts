import { formatBytes, formatCount, formatDurationMs, formatPct } from '../format.ts'
import type { MeasuredBench, PerformanceResults } from '../results-schema.ts'
import { benchLabel, measured, sampleMedian } from './outcomes.ts'
import { markdownTable, type Column } from './table.ts'

/** Figures within this factor of the harness floor are dominated by process start-up. */
const NEAR_FLOOR_FACTOR = 3

const COUNTERS: ReadonlyArray<{ key: string; header: string; format: (value: number) => string }> = [
  { key: 'cpuTime', header: 'Nix CPU', format: (seconds) => formatDurationMs(seconds * 1000) },
  { key: 'nrThunks', header: 'Thunks', format: formatCount },
  { key: 'nrFunctionCalls', header: 'Function calls', format: formatCount },
  { key: 'values.number', header: 'Values', format: formatCount },
  { key: 'gc.heapSize', header: 'GC heap', format: formatBytes },
  { key: 'gc.totalBytes', header: 'GC allocated', format: formatBytes },
]

/** Medians of NIX_SHOW_STATS counters: exact figures that explain a change in evaluation time. */
export function countersSection(results: PerformanceResults): string[] {
  const benches = measured(results).filter((bench) => bench.samples.some((sample) => sample.counters))
  const counters = COUNTERS.filter((counter) => benches.some((bench) => bench.samples.some((sample) => sample.counters?.[counter.key] !== undefined)))
  if (benches.length === 0 || counters.length === 0) return []
  const columns: Column[] = [{ header: 'Bench', align: 'left' }, ...counters.map((counter) => ({ header: counter.header, align: 'right' as const }))]
  const rows = benches.map((bench) => [
    benchLabel(bench),
    ...counters.map((counter) => {
      const value = sampleMedian(bench.samples.map((sample) => sample.counters?.[counter.key]))
      return value === null ? '—' : counter.format(value)
    }),
  ])
  return ['## Evaluation counters (NIX_SHOW_STATS, median per sample)', '', ...markdownTable(columns, rows)]
}

/** Where a build's time went: what was built or substituted, and how much it moved. Medians per sample. */
export function buildBreakdownSection(results: PerformanceResults): string[] {
  const benches = measured(results).filter((bench) => bench.samples.some((sample) => sample.counters?.derivationsBuilt !== undefined))
  if (benches.length === 0) return []
  const counter = (bench: MeasuredBench, key: string) => sampleMedian(bench.samples.map((sample) => sample.counters?.[key]))
  const shown = (value: number | null, format: (value: number) => string) => (value === null ? '—' : format(value))
  const rows = benches.map((bench) => {
    const built = counter(bench, 'derivationsBuilt')
    const substituted = counter(bench, 'pathsSubstituted')
    const hitRate = built === null || substituted === null || built + substituted === 0 ? null : (substituted / (built + substituted)) * 100
    return [
      benchLabel(bench),
      shown(built, formatCount),
      shown(substituted, formatCount),
      shown(hitRate, formatPct),
      shown(counter(bench, 'narBytesSubstituted'), formatBytes),
      shown(counter(bench, 'buildingMs'), formatDurationMs),
      shown(counter(bench, 'substitutingMs'), formatDurationMs),
      `${shown(counter(bench, 'closurePaths'), formatCount)} paths, ${shown(counter(bench, 'closureBytes'), formatBytes)}`,
    ]
  })
  return [
    '## Build breakdown (from --log-format internal-json, median per sample)',
    '',
    ...markdownTable(
      [
        { header: 'Bench', align: 'left' },
        { header: 'Built', align: 'right' },
        { header: 'Substituted', align: 'right' },
        { header: 'Cache hit rate', align: 'right' },
        { header: 'Substituted (NAR)', align: 'right' },
        { header: 'Building', align: 'right' },
        { header: 'Substituting', align: 'right' },
        { header: 'Closure', align: 'right' },
      ],
      rows,
    ),
    '',
    'Building and substituting are wall time with at least one such activity running; the rest of a sample is evaluation, querying and start-up.',
  ]
}

export function resourcesSection(results: PerformanceResults): string[] {
  const benches = measured(results).filter((bench) => bench.samples.some((sample) => sample.peakRssKb !== null))
  if (benches.length === 0) return []
  const median = (values: ReadonlyArray<number | null>, format: (value: number) => string) => {
    const value = sampleMedian(values)
    return value === null ? '—' : format(value)
  }
  return [
    '## Resource use (GNU time, command and children, median per sample)',
    '',
    ...markdownTable(
      [
        { header: 'Bench', align: 'left' },
        { header: 'User CPU', align: 'right' },
        { header: 'System CPU', align: 'right' },
        { header: 'Peak RSS', align: 'right' },
      ],
      benches.map((bench) => [
        benchLabel(bench),
        median(bench.samples.map((sample) => sample.userCpuMs), formatDurationMs),
        median(bench.samples.map((sample) => sample.systemCpuMs), formatDurationMs),
        median(bench.samples.map((sample) => sample.peakRssKb), (kb) => formatBytes(kb * 1024)),
      ]),
    ),
  ]
}

export function warningsSection(results: PerformanceResults): string[] {
  const floor = results.harnessFloor
  const warnings = measured(results).flatMap((bench) => [
    ...bench.warnings,
    ...(floor && bench.id !== 'harness/floor' && bench.statistics.medianMs < NEAR_FLOOR_FACTOR * floor.medianMs
      ? [`${benchLabel(bench)}: median ${formatDurationMs(bench.statistics.medianMs)} is within ${NEAR_FLOOR_FACTOR}× the harness floor (${formatDurationMs(floor.medianMs)}): the figure is mostly process start-up.`]
      : []),
  ])
  if (warnings.length === 0) return []
  return ['## Warnings', '', ...warnings.map((warning) => `- ${warning}`)]
}

export function skippedAndFailedSection(results: PerformanceResults): string[] {
  const lines: string[] = []
  for (const bench of results.benchmarks) {
    if (bench.status === 'skipped') lines.push(`- **${benchLabel(bench)}** (${bench.concern}) skipped: ${bench.reason}`)
  }
  for (const bench of results.benchmarks) {
    if (bench.status !== 'failed') continue
    lines.push(`- **${benchLabel(bench)}** (${bench.concern}) failed: ${bench.error.message.split('\n')[0]}`)
    if (bench.error.hint) lines.push(`  What to do: ${bench.error.hint}`)
    if (bench.error.stderrTail) lines.push('', '  ```text', ...bench.error.stderrTail.split('\n').map((line) => `  ${line}`), '  ```')
  }
  return lines.length === 0 ? [] : ['## Skipped and failed benches', '', ...lines]
}

export function provenanceSection(results: PerformanceResults): string[] {
  const { machine, nix, nodeVersion, vitestVersion, flakebenchRevision } = results.provenance
  const target = results.target
  const floor = results.harnessFloor
  const rows: string[][] = [
    ['Machine', `${machine.cpuModel}, ${machine.physicalCores} cores (${machine.logicalCores} logical), ${formatBytes(machine.memoryBytes)} memory, ${machine.arch}`],
    ['OS', `${machine.os}, kernel ${machine.kernel}`],
    ['Nix', nix ? `${nix.implementation} ${nix.version} (\`${nix.versionLine}\`)` : 'not found'],
    ['Node / Vitest', `${nodeVersion} / ${vitestVersion}`],
    ['flakebench revision', flakebenchRevision ?? 'unknown'],
    ['Target', target ? `${target.kind} \`${target.flakeRef}\`${target.revision ? ` at ${target.revision}` : ''}` : 'none'],
    ...(target?.fixtureShape ? [['Fixture shape', Object.entries(target.fixtureShape).map(([key, value]) => `${key} ${String(value)}`).join(', ')]] : []),
    ['Harness floor', floor ? `${formatDurationMs(floor.medianMs)} median (MAD ${formatDurationMs(floor.madMs)}, n ${floor.n}) to spawn \`${floor.command.join(' ')}\`` : 'not measured'],
    ['Run', `${results.run.startedAt} → ${results.run.finishedAt}`],
  ]
  return ['## Provenance', '', ...markdownTable([{ header: 'What', align: 'left' }, { header: 'Value', align: 'left' }], rows)]
}
