import { formatCount, formatDurationMs } from '../../helpers/model/format.ts'
import type { NixVersionRow, PerformanceResults } from '../../helpers/model/results-schema.ts'
import { chartImages, type ChartIndex } from './chart-images.ts'
import { left, markdownTable, right } from './table.ts'

const VERDICT = { faster: '🟢 faster', slower: '🔴 slower', unchanged: 'unchanged', unresolved: '⚪ unresolved' }

/**
 * The Nix-versions matrix: per bench both medians, the ratio with its 95 % interval and verdict, the exact
 * counters side by side, and notes where the versions did different work. With one Nix, why there is one column.
 */
export function nixVersionsSection(results: PerformanceResults, charts: ChartIndex | null = null): string[] {
  const matrix = results.nixVersions
  if (!matrix) return []
  const columns = matrix.builds.map((build) => `${build.label} (${build.implementation} ${build.version})`).join(', ')
  const absent = matrix.absent.map((entry) => `${entry.label}: ${entry.reason}`)
  if (matrix.oneColumnReason !== null || matrix.rows.length === 0) {
    return ['## Nix versions', '', `One column only (${columns || 'no Nix'}): ${matrix.oneColumnReason ?? 'no bench was measured on two Nix builds'}.`]
  }
  const [first] = matrix.rows
  const ratio = (value: number) => `×${value.toFixed(2)}`
  const label = (row: NixVersionRow) => (row.host ? `${row.name} (${row.host})` : row.name)
  const withNotes = matrix.rows.filter((row) => row.notes.length > 0)
  const withCounters = matrix.rows.filter((row) => row.counters.length > 0)
  const copies = matrix.rows.filter((row) => row.remoteNix !== undefined)
  const clients = [...new Set(copies.flatMap((row) => (row.client === undefined ? [] : [row.client])))]
  return [
    '## Nix versions',
    '',
    `Each bench ran on ${columns}, interleaved sample by sample. Ratio = ${first!.variantNix} median / ${first!.baselineNix} median ` +
      `(below ×1 ${first!.variantNix} is faster), with its 95 % percentile-bootstrap interval; unchanged within ±${matrix.noiseFloorPct} %. ` +
      `Counters: ${matrix.countersMethod}.${absent.length > 0 ? ` Not available: ${absent.join('; ')}.` : ''}` +
      (copies.length > 0 ? ` In the closure copies the columns name the client's Nix; the test host copied to ran the Nix its row names (${[...new Set(copies.map((row) => row.remoteNix))].join(', ')}).` : '') +
      (clients.length > 0 ? ` Copy clients compared: ${clients.join(', ')} (both columns of a row ran the client it names).` : ''),
    '',
    ...markdownTable(
      [
        left('Bench'), right(first!.baselineNix), right(first!.variantNix), right('Ratio'), right('95 % CI'),
        left('Verdict'),
      ],
      matrix.rows.map((row) => [
        label(row),
        formatDurationMs(row.baselineMedianMs),
        formatDurationMs(row.variantMedianMs),
        ratio(row.ratio),
        row.ratioCi95 ? `${ratio(row.ratioCi95[0])} … ${ratio(row.ratioCi95[1])}` : '–',
        VERDICT[row.verdict],
      ]),
    ),
    ...chartImages(charts, 'nix-versions'),
    ...(withCounters.length > 0
      ? ['', '### Exact counters, side by side', '', ...markdownTable(
        [
          left('Bench'), left('Counter'), right(first!.baselineNix), right(first!.variantNix),
        ],
        withCounters.flatMap((row) => row.counters.map((entry) => [
          label(row),
          entry.counter,
          entry.baseline === null ? '–' : formatCount(entry.baseline),
          entry.variant === null ? '–' : formatCount(entry.variant),
        ])),
      )]
      : []),
    ...(withNotes.length > 0 ? ['', ...withNotes.map((row) => `- **${label(row)}**: ${row.notes.join('; ')}.`)] : []),
  ]
}
