import type { CalibrationReport, CommandComparison } from '../helpers/calibration/verdict.ts'
import { formatCi, formatDurationMs, formatPct } from '../helpers/model/format.ts'
import type { Resolution } from '../helpers/model/results-schema.ts'
import { left, markdownTable, right } from '../reports/markdown/table.ts'

/** `npm run calibrate`'s output, from the finished report: the table, the per-sample cost, the verdict. */
export function renderCalibration(report: CalibrationReport): string[] {
  const { targets, overhead } = report
  const rows = report.commands.map((command) => [
    command.label,
    formatDurationMs(command.flakebenchMedianMs),
    formatDurationMs(command.hyperfineMedianMs),
    command.ratio.toFixed(3),
    deviationText(command),
    `${command.flakebenchRuns} / ${command.hyperfineRuns}`,
    command.status === null ? 'per-sample cost, below' : command.status === 'within' ? `within ±${targets.medianDeviationPct} %` : `**off** (±${targets.medianDeviationPct} %)`,
  ])
  return [
    `flakebench against hyperfine -N (${report.mode === 'quick' ? 'quick' : 'full'} calibration; medians, batches interleaved)`,
    '',
    ...markdownTable([
      left('Command'), right('flakebench'), right('hyperfine'), right('Ratio'), right('Deviation (95 % CI)'),
      right('Runs'), left('Verdict'),
    ], rows),
    '',
    ...(overhead
      ? [`Per-sample cost on \`true\`: flakebench ${formatDurationMs(overhead.flakebenchMs)}, hyperfine -N ${formatDurationMs(overhead.hyperfineMs)}: ` +
        `${signedMs(overhead.differenceMs)} per sample (target within ±${targets.overheadMs} ms): ${overhead.status === 'within' ? 'within' : '**off**'}.`]
      : []),
    resolutionText(report.resolution),
    '',
    ...(report.passed
      ? ['Within every target: flakebench measures what hyperfine measures.']
      : ['Outside target:', ...report.problems.map((problem) => `- ${problem}`)]),
  ]
}

function resolutionText({ wrapperCost, resolutionMs }: Resolution): string {
  const resolution = `resolution ±${formatDurationMs(resolutionMs)}`
  if (!wrapperCost) return `Nothing subtracted from flakebench's samples (no GNU time); ${resolution} (the clock's tick).`
  return `GNU time's own cost, subtracted from every flakebench sample: ${formatDurationMs(wrapperCost.costMs)} ` +
    `(median of ${wrapperCost.pairs} pairs, 95 % CI ${formatCi(wrapperCost.ci95Ms)}); ${resolution}.`
}

function deviationText(command: CommandComparison): string {
  const point = signedPct(command.deviationPct)
  const interval = command.deviationCiPct
  return interval ? `${point} (${formatPct(interval[0])} … ${formatPct(interval[1])})` : point
}

function signedPct(pct: number): string {
  const text = formatPct(pct)
  return pct > 0 && text !== formatPct(0) ? `+${text}` : text
}

function signedMs(ms: number): string {
  return ms > 0 ? `+${formatDurationMs(ms)}` : formatDurationMs(ms)
}
