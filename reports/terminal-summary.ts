import { formatErrorDescription } from '../helpers/errors.ts'
import { regressionSentence } from '../helpers/judgements/regression.ts'
import { formatDurationMs, formatMedian, formatPct } from '../helpers/model/format.ts'
import { benchLabel, failed, firstLine, measured, skipped } from './markdown/outcomes.ts'
import type { BenchOutcome, ComparisonEntry, PerformanceResults, Threshold } from '../helpers/model/results-schema.ts'
import { paint, textTable, type TextCell, type TextColumn, type TextRow, type Tone } from './terminal-table.ts'

export interface TerminalSummaryOptions {
  /** The files this run wrote, in the order written; fewer than expected when a write failed. */
  written: readonly string[]
  /** ANSI colours: only for a terminal that accepts them (the caller checks NO_COLOR and the TTY). */
  color: boolean
  /** The widest a line may be. */
  widthColumns: number
}

/** Lines fit this width (a wide-enough terminal, a CI log); a narrower terminal's own width wins. */
export const SUMMARY_WIDTH_COLUMNS = 120

/** The first line of the summary: integration tests and readers look for it. */
export const SUMMARY_HEADER = 'flakebench summary'

const RUN_STATUS: Record<PerformanceResults['run']['status'], { text: string; tone: Tone }> = {
  passed: { text: 'run passed', tone: 'good' },
  failed: { text: 'run failed', tone: 'bad' },
  interrupted: { text: 'run interrupted', tone: 'warn' },
}

/**
 * flakebench's own view of a finished run, for the terminal: one row per bench outcome (each interleaved variant
 * apart, unlike Vitest's table), then what went wrong and why, then the files written. Pure: finished results in,
 * text out.
 */
export function renderTerminalSummary(results: PerformanceResults, options: TerminalSummaryOptions): string {
  const sections = [
    headline(results, options.color),
    benchTable(results, options),
    copyLaws(results),
    deployPredictionLines(results),
    baselineNote(results),
    problems(results, options.color),
    writtenLines(options.written),
  ].filter((section) => section.length > 0)
  return sections.map((section) => section.join('\n')).join('\n\n')
}

function headline(results: PerformanceResults, color: boolean): string[] {
  const all = measured(results)
  const over = all.filter((bench) => bench.verdict.status === 'fail').length
  const within = all.filter((bench) => bench.verdict.status === 'pass').length
  const noLimit = all.length - over - within
  const breakdown = [`${within} within limit`, `${over} over limit`, ...(noLimit > 0 ? [`${noLimit} without limit`] : [])]
  const status = RUN_STATUS[results.run.status]
  return [
    `${paint(SUMMARY_HEADER, 'strong', color)}: ${paint(status.text, status.tone, color)}; ${all.length} measured (${breakdown.join(', ')}), ` +
      `${failed(results).length} failed, ${skipped(results).length} skipped`,
    ...(results.run.status === 'interrupted' ? ['The benches that finished are kept; those that never ran are listed as skipped.'] : []),
  ]
}

function benchTable(results: PerformanceResults, options: TerminalSummaryOptions): string[] {
  if (results.benchmarks.length === 0) return ['No bench recorded an outcome.']
  const entries = results.comparison?.status === 'compared' ? new Map(results.comparison.entries.map((entry) => [entry.id, entry])) : null
  const columns: TextColumn[] = [
    { header: 'Bench', align: 'left' },
    { header: 'Median', align: 'right' },
    { header: 'MAD', align: 'right' },
    { header: 'n', align: 'right' },
    { header: 'Limit', align: 'left' },
    { header: 'Verdict', align: 'left' },
    ...(entries ? [{ header: 'vs baseline', align: 'left' } as const] : []),
  ]
  const concerns = [...new Set(results.benchmarks.map((bench) => bench.concern))]
  const rows: TextRow[] = concerns.flatMap((concern) => [
    { heading: concern },
    ...results.benchmarks.filter((bench) => bench.concern === concern).map((bench) => ({
      cells: [...benchCells(bench), ...(entries ? [changeCell(entries.get(bench.id))] : [])],
    })),
  ])
  return textTable(columns, rows, options)
}

function benchCells(bench: BenchOutcome): TextCell[] {
  const label = { text: benchLabel(bench) }
  if (bench.status === 'skipped') return [label, dash(), dash(), dash(), dash(), { text: 'skipped', tone: 'warn' }]
  const statistics = bench.statistics
  const figures = statistics ? [{ text: formatMedian(statistics) }, { text: formatDurationMs(statistics.madMs), tone: 'dim' as const }] : [dash(), dash()]
  const n = { text: String(bench.samples.length) }
  const limit = { text: limitText(bench.threshold) }
  if (bench.status === 'failed') return [label, ...figures, n, limit, { text: 'FAILED', tone: 'bad' }]
  const verdict: TextCell = bench.verdict.status === 'pass'
    ? { text: 'pass', tone: 'good' }
    : bench.verdict.status === 'fail' ? { text: `FAIL +${formatPct(bench.verdict.overByPct)}`, tone: 'bad' } : { text: 'no limit', tone: 'dim' }
  return [label, ...figures, n, limit, verdict]
}

function dash(): TextCell {
  return { text: '—', tone: 'dim' }
}

/** The same words as PERFORMANCE.md's threshold column. */
function limitText(threshold: Threshold | null): string {
  return threshold ? `≤ ${formatDurationMs(threshold.limitMs)} ${threshold.statistic}` : '—'
}

function changeCell(entry: ComparisonEntry | undefined): TextCell {
  if (!entry) return { text: 'not in baseline', tone: 'dim' }
  const word = entry.regression ? 'REGRESSION' : entry.verdict
  const tone: Tone = entry.regression ? 'bad' : entry.verdict === 'slower' ? 'warn' : entry.verdict === 'faster' ? 'good' : 'plain'
  return { text: `${signedPct(entry.changePct)} ${word}`, tone }
}

function signedPct(pct: number): string {
  const text = formatPct(pct)
  return pct > 0 && text !== '0.0 %' ? `+${text}` : text
}

function baselineNote(results: PerformanceResults): string[] {
  const comparison = results.comparison
  if (!comparison) return []
  if (comparison.status === 'refused') return [`Not compared with the baseline ${comparison.baselineFile}: ${comparison.reason}`]
  return [
    `Baseline: ${comparison.baselineFile} (run of ${comparison.baselineStartedAt})${comparison.forced ? ', compared although its setup differs' : ''}.`,
    `vs baseline: change of the median; unchanged within ±${comparison.noiseFloorPct} %, a regression beyond +${comparison.regressionTolerancePct} %.`,
    ...(comparison.missing.length > 0 ? [`In the baseline but not measured in this run: ${comparison.missing.join(', ')}.`] : []),
  ]
}

/** Each client's fitted copy law and its check on the held-out link (the full profile fits them). */
function copyLaws(results: PerformanceResults): string[] {
  const laws = results.copyModel?.laws ?? []
  if (laws.length === 0) return []
  return ['Copy model:', ...laws.flatMap((law) => [`  - ${law.sentence}`, ...(law.heldOut ? [`    ${law.heldOut.sentence}`] : [])])]
}

/** Each deploy target's link and copy against the copy laws, or why nothing was predicted. */
function deployPredictionLines(results: PerformanceResults): string[] {
  const predictions = results.deployPredictions
  if (!predictions) return []
  return ['Your deploys:', ...(predictions.reason ? [`  Not predicted: ${predictions.reason}`] : []), ...predictions.targets.map((target) => `  - ${target.sentence}`)]
}

/** What went wrong, each with its reason: limits exceeded, failures (with what to do), skips, gates, run errors. */
function problems(results: PerformanceResults, color: boolean): string[] {
  const overLimit = measured(results).flatMap((bench) => (bench.verdict.status === 'fail' ? [bench.verdict.sentence] : []))
  const failures = failed(results).map((bench) => `${benchLabel(bench)} (${bench.concern}): ${formatErrorDescription({ ...bench.error, message: firstLine(bench.error.message) })}`)
  const skips = skipped(results).map((bench) => `${benchLabel(bench)} (${bench.concern}): ${bench.reason}`)
  const gates = results.scaling.flatMap((series) => (series.gate.status === 'fail' ? [series.gate.sentence] : []))
  const copyChecks = (results.copyModel?.laws ?? []).flatMap((law) => (law.heldOut?.status === 'fail' ? [law.heldOut.sentence] : []))
  const regressions = results.comparison?.status === 'compared'
    ? results.comparison.entries.filter((entry) => entry.regression).map(regressionSentence)
    : []
  const groups: Array<[string, Tone, string[]]> = [
    ['Over the limit', 'bad', overLimit],
    ['Failed', 'bad', failures],
    ['Regressions', 'bad', regressions],
    ['Scaling gates failed', 'bad', gates],
    ['Copy model checks failed', 'bad', copyChecks],
    ['Run errors', 'bad', results.run.errors.map(firstLine)],
    ['Skipped', 'warn', skips],
  ]
  return groups.filter(([, , items]) => items.length > 0).flatMap(([title, tone, items], index) => [
    ...(index > 0 ? [''] : []),
    `${paint(title, tone, color)} (${items.length}):`,
    ...items.map((item) => `  - ${item.replace(/\n/g, '\n    ')}`),
  ])
}

/** One path a line, aligned under the first, so that long paths stay readable. */
function writtenLines(written: readonly string[]): string[] {
  const [first, ...rest] = written
  if (first === undefined) return ['flakebench: wrote nothing (see the errors above)']
  const lead = 'flakebench: wrote '
  return [`${lead}${first}`, ...rest.map((file) => `${' '.repeat(lead.length)}${file}`)]
}
