import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { benchTable, changedClosures, closureTable, compareVerdict, fileDifferences, fileDifferenceTable, hostsLine, originTable, sidesLine } from './base-against-head.ts'

/** Per-file differences shown in PERFORMANCE.md; the JSON keeps more. */
const FILE_ROWS = 20
/** Store path names listed per host and direction. */
const NAMES_SHOWN = 8

/** PERFORMANCE.md's "Base against head": the verdict, every bench, where the work went, what the closures gained. */
export function baseAgainstHeadSection(results: PerformanceResults): string[] {
  const summary = results.baseAgainstHead
  if (!summary) return []
  const differences = fileDifferences(summary.work)
  const closures = changedClosures(summary.closures)
  return [
    '## Base against head',
    '',
    compareVerdict(summary),
    '',
    sidesLine(summary),
    ...hostsLine(summary),
    '',
    ...benchTable(summary.benches),
    ...(summary.work.length > 0
      ? [
        '',
        '### Where the work went',
        '',
        'Function calls plus attribute selections (NIX_COUNT_CALLS, one untimed run per side and host), summed per origin and per file.',
        '',
        ...originTable(summary.work),
        '',
        ...(differences.length > 0
          ? [...fileDifferenceTable(differences.slice(0, FILE_ROWS)), ...(differences.length > FILE_ROWS ? ['', `… and ${differences.length - FILE_ROWS} more in performance-results.json.`] : [])]
          : ['No file\'s evaluation work changed.']),
      ]
      : []),
    ...(summary.closures.length > 0
      ? ['', '### What the closures gained', '', ...(closures.length > 0 ? closureTable(closures, NAMES_SHOWN) : [`No host's closure changed (${summary.closures.length} compared).`])]
      : []),
  ]
}
