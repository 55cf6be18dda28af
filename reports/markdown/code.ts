/** Code spans and fenced blocks that stay intact whatever backticks the text itself contains. */

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
}

/** `text`, with a longer backtick delimiter (and padding) when the text contains backticks. */
export function inlineCode(text: string): string {
  const delimiter = '`'.repeat(longestBacktickRun(text) + 1)
  const padding = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${delimiter}${padding}${text}${padding}${delimiter}`
}

/** A fenced block, one string per line, indented (e.g. to sit inside a list item); the fence outlasts any run inside. */
export function codeBlock(text: string, options: { info: string; indent: string }): string[] {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1))
  const body = text.replace(/^\n+|\n+$/g, '').split('\n')
  return [`${fence}${options.info}`, ...body, fence].map((line) => (line === '' ? '' : `${options.indent}${line}`))
}
