import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { codeBlock } from './code.ts'
import { benchLabel, failed, skipped } from './outcomes.ts'

/** Continuation lines of a list item are indented by this much so Markdown keeps them inside the item. */
const ITEM_INDENT = '  '

export function skippedSection(results: PerformanceResults): string[] {
  const benches = skipped(results)
  if (benches.length === 0) return []
  return ['## Skipped benches', '', ...benches.map((bench) => `- **${benchLabel(bench)}** (${bench.concern}): ${bench.reason}`)]
}

/** Each failure with what to do about it and the end of the command's stderr, which usually names the cause. */
export function failedSection(results: PerformanceResults): string[] {
  const benches = failed(results)
  if (benches.length === 0) return []
  return ['## Failed benches', '', ...benches.flatMap((bench, index) => {
    const [headline, ...moreLines] = bench.error.message.split('\n')
    const more = moreLines.join('\n')
    return [
      ...(index > 0 ? [''] : []),
      `- **${benchLabel(bench)}** (${bench.concern}): ${headline}`,
      ...(more.trim() ? ['', ...codeBlock(more, { info: 'text', indent: ITEM_INDENT })] : []),
      ...(bench.error.hint ? ['', `${ITEM_INDENT}What to do: ${bench.error.hint}`] : []),
      ...(bench.error.stderrTail?.trim()
        ? ['', `${ITEM_INDENT}End of stderr:`, '', ...codeBlock(bench.error.stderrTail, { info: 'text', indent: ITEM_INDENT })]
        : []),
    ]
  })]
}
