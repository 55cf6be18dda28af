import type { BaseAgainstHead, ClosureDifference, CompareRule, HostWork, SideBySide } from '../../helpers/model/base-against-head.ts'
import { formatBytes, formatCount, formatDurationMs, formatPct } from '../../helpers/model/format.ts'
import { inlineCode } from './code.ts'
import { left, markdownTable, right } from './table.ts'

const VERDICT = { faster: '🟢 faster', slower: '🔴 slower', unchanged: 'unchanged', unresolved: '⚪ unresolved' } as const

/** "cold nix flake show" or "evaluate top-level drvPath (vps)". */
export function benchTitle(bench: Pick<SideBySide, 'name' | 'host'>): string {
  return bench.host ? `${bench.name} (${bench.host})` : bench.name
}

/** Rules named in the verdict line; the rest are counted, so the line stays one line on a large fleet. */
const RULES_NAMED = 5

/** The verdict of the whole compare, first line of every rendering: which rule fired, or what changed. */
export function compareVerdict(summary: BaseAgainstHead): string {
  const fired = summary.rulesFired
  if (fired.length > 0) {
    const more = fired.length > RULES_NAMED ? `; and ${fired.length - RULES_NAMED} more` : ''
    return `❌ **The head fails**: ${fired.slice(0, RULES_NAMED).map((rule) => ruleSentence(rule, summary)).join('; ')}${more}.`
  }
  const count = (verdict: SideBySide['verdict']) => summary.benches.filter((bench) => bench.verdict === verdict).length
  const counts = (['slower', 'faster', 'unchanged', 'unresolved'] as const).filter((verdict) => count(verdict) > 0).map((verdict) => `${count(verdict)} ${verdict}`).join(', ')
  return `✅ **No rule fired** (slower beyond +${summary.regressionTolerancePct} %, exact work grown beyond +${summary.workGrowthTolerancePct} %): ${counts || 'no bench compared'}.`
}

function ruleSentence(rule: CompareRule, summary: BaseAgainstHead): string {
  const bench = summary.benches.find((candidate) => candidate.key === rule.key)
  const title = bench ? benchTitle(bench) : rule.key
  return rule.rule === 'slower'
    ? `${title} is ${formatPct(rule.changePct)} slower (limit +${rule.limitPct} %, and beyond the ±${summary.noiseFloorPct} % noise floor)`
    : `${title} does ${formatPct(rule.changePct)} more work (${rule.counter}; limit +${rule.limitPct} %)`
}

function ratioCell(bench: SideBySide): string {
  const ci = bench.ratioCi95 ? ` (${bench.ratioCi95[0].toFixed(3)} … ${bench.ratioCi95[1].toFixed(3)})` : ''
  return `×${bench.ratio.toFixed(3)}${ci}`
}

function workCell(bench: SideBySide): string {
  const calls = bench.counters.find((counter) => counter.counter === 'nrFunctionCalls')
  if (!calls) return '—'
  return calls.difference === 0 ? '= 0' : `${calls.difference > 0 ? '+' : ''}${formatCount(calls.difference)} calls`
}

/** One row per bench: both medians, head/base with its 95 % interval, the verdict, the change in function calls. */
export function benchTable(benches: readonly SideBySide[]): string[] {
  return markdownTable(
    [
      left('Bench'), right('Base'), right('Head'), right('Head/base (95 % CI)'), left('Verdict'), right('Exact work'),
    ],
    benches.map((bench) => [benchTitle(bench), formatDurationMs(bench.baseMedianMs), formatDurationMs(bench.headMedianMs), ratioCell(bench), VERDICT[bench.verdict], workCell(bench)]),
  )
}

/** A bench changed when its verdict is not "unchanged" or its exact work differs. */
export function changedBenches(summary: BaseAgainstHead): SideBySide[] {
  return summary.benches.filter((bench) => bench.verdict !== 'unchanged' || bench.counters.some((counter) => counter.difference !== 0))
}

export interface FileDifference {
  host: string
  file: string
  baseWork: number
  headWork: number
}

/** Every host's per-file differences (calls + selections), largest first; files whose work did not change are left out. */
export function fileDifferences(work: readonly HostWork[]): FileDifference[] {
  return work
    .flatMap((host) => host.files.map((file) => ({ host: host.host, file: file.file, baseWork: file.baseCalls + file.baseSelections, headWork: file.headCalls + file.headSelections })))
    .filter((difference) => difference.headWork !== difference.baseWork)
    .sort((a, b) => Math.abs(b.headWork - b.baseWork) - Math.abs(a.headWork - a.baseWork) || a.host.localeCompare(b.host) || a.file.localeCompare(b.file))
}

export function fileDifferenceTable(differences: readonly FileDifference[]): string[] {
  return markdownTable(
    [
      left('Host'), left('File'), right('Base'), right('Head'), right('Difference'),
    ],
    differences.map((difference) => [difference.host, inlineCode(difference.file), formatCount(difference.baseWork), formatCount(difference.headWork), signedCount(difference.headWork - difference.baseWork)]),
  )
}

/** Per host and origin (the flake, each input, Nix itself): calls + selections on both sides. */
export function originTable(work: readonly HostWork[]): string[] {
  return markdownTable(
    [
      left('Host'), left('Origin'), right('Base'), right('Head'), right('Difference'),
    ],
    work.flatMap((host) => host.origins.map((origin) => {
      const [was, is] = [origin.baseCalls + origin.baseSelections, origin.headCalls + origin.headSelections]
      return [host.host, origin.origin, formatCount(was), formatCount(is), signedCount(is - was)]
    })),
  )
}

export function closureTable(closures: readonly ClosureDifference[], namesShown: number): string[] {
  const names = (list: readonly string[]) => list.length === 0 ? '—' : `${list.length}: ${list.slice(0, namesShown).join(', ')}${list.length > namesShown ? ', …' : ''}`
  return markdownTable(
    [
      left('Host'), left('Closure'), right('Paths base → head'), left('Added'), left('Removed'), left('Changed'),
      right('NAR size difference'),
    ],
    closures.map((closure) => [closure.host, closure.closure, `${formatCount(closure.basePaths)} → ${formatCount(closure.headPaths)}`, names(closure.added), names(closure.removed), names(closure.changed), signedBytes(closure.headBytes - closure.baseBytes)]),
  )
}

/** A closure changed when a path was added, removed or changed, or its size moved. */
export function changedClosures(closures: readonly ClosureDifference[]): ClosureDifference[] {
  return closures.filter((closure) => closure.added.length > 0 || closure.removed.length > 0 || closure.changed.length > 0 || closure.baseBytes !== closure.headBytes)
}

export function sidesLine(summary: BaseAgainstHead): string {
  const side = (name: string, { flakeRef, revision }: BaseAgainstHead['base']) => `${name} ${inlineCode(flakeRef)}${revision ? ` (${revision.slice(0, 12)})` : ''}`
  return `${side('Base', summary.base)}, ${side('head', summary.head)}. ${summary.method}; unchanged within ±${summary.noiseFloorPct} %.`
}

export function hostsLine(summary: BaseAgainstHead): string[] {
  const lines = [
    ...(summary.hostsAdded.length > 0 ? [`Hosts added in the head: ${summary.hostsAdded.join(', ')}.`] : []),
    ...(summary.hostsRemoved.length > 0 ? [`Hosts removed in the head: ${summary.hostsRemoved.join(', ')}.`] : []),
  ]
  return lines.length > 0 ? ['', ...lines] : []
}

function signedCount(value: number): string {
  return value > 0 ? `+${formatCount(value)}` : formatCount(value)
}

function signedBytes(value: number): string {
  return value > 0 ? `+${formatBytes(value)}` : formatBytes(value)
}
