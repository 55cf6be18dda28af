import type { BaseAgainstHead } from '../../helpers/model/base-against-head.ts'
import { benchTable, changedBenches, changedClosures, closureTable, compareVerdict, fileDifferences, fileDifferenceTable, hostsLine, originTable, sidesLine } from './base-against-head.ts'

/** GitHub refuses a comment body of more than 65,536 characters (its API's "body is too long"). */
export const PR_COMMENT_LIMIT_CHARS = 65_536
/** The first line of every comment: a workflow finds its previous comment by it and updates that one. */
export const PR_COMMENT_MARKER = '<!-- flakebench: base against head -->'
/** Rows before details are cut: as many as fit, then halved until the comment does. */
const FIRST_TRY_ROWS = 200

/**
 * The pull-request comment: verdict first, one table of the benches that changed, the top per-file differences,
 * the closure difference, and everything else folded. Tables shrink (halving their rows, saying how many were
 * left out) until the whole stays under GitHub's limit, however many hosts the fleet has.
 */
export function renderPrComment(summary: BaseAgainstHead): string {
  for (let rows = FIRST_TRY_ROWS; rows >= 1; rows = Math.floor(rows / 2)) {
    const text = commentWithRows(summary, rows)
    if (text.length < PR_COMMENT_LIMIT_CHARS) return text
  }
  return commentWithRows(summary, 0)
}

function commentWithRows(summary: BaseAgainstHead, rows: number): string {
  const changed = changedBenches(summary)
  const differences = fileDifferences(summary.work)
  const closures = changedClosures(summary.closures)
  const cut = <T>(list: readonly T[], render: (shown: readonly T[]) => string[]) => list.length === 0 ? [] : [
    ...(rows > 0 ? render(list.slice(0, rows)) : []),
    ...(list.length > rows ? ['', `… ${list.length - rows} more rows in performance-results.json.`] : []),
  ]
  const folded = (title: string, body: string[]) => body.length === 0 ? [] : ['', '<details>', `<summary>${title}</summary>`, '', ...body, '', '</details>']
  const lines = [
    PR_COMMENT_MARKER,
    '## flakebench: base against head',
    '',
    compareVerdict(summary),
    ...hostsLine(summary),
    '',
    ...(changed.length > 0 ? cut(changed, benchTable) : [`No bench changed: ${summary.benches.length} unchanged in time and work.`]),
    ...(differences.length > 0 ? ['', '**Where the work went** (function calls + attribute selections per file, largest difference first):', '', ...cut(differences, fileDifferenceTable)] : []),
    ...(closures.length > 0 ? ['', '**What the closures gained:**', '', ...cut(closures, (shown) => closureTable(shown, 5))] : []),
    ...folded(`All ${summary.benches.length} benches`, cut(summary.benches, benchTable)),
    ...folded('Work per origin (the flake, its inputs, Nix)', cut(summary.work, originTable)),
    ...folded('How this was measured', [sidesLine(summary)]),
  ]
  return `${lines.join('\n')}\n`
}
