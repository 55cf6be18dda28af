/**
 * A plain-text table for the terminal: padded columns, a first column that wraps at word boundaries so the table
 * fits a given width, and optional ANSI colour applied after padding (escape codes have no width).
 */

export type Tone = 'plain' | 'good' | 'bad' | 'warn' | 'dim' | 'strong'

export interface TextColumn {
  header: string
  align: 'left' | 'right'
}

/** A cell: its text and how it is coloured on a terminal that accepts colour. */
export interface TextCell {
  text: string
  tone?: Tone
}

/** A table row, or a heading line across the table (e.g. a concern's name). */
export type TextRow = { cells: readonly TextCell[] } | { heading: string }

const GAP = '  '
/** The first column never gets narrower than this, however wide the others are. */
const MIN_FIRST_COLUMN = 24
/** Rows under a heading are indented by this much in the first column. */
const ROW_INDENT = '  '

// SGR codes: foreground colours reset with 39, bold and dim with 22.
const ANSI: Record<Exclude<Tone, 'plain'>, [number, number]> = {
  good: [32, 39],
  bad: [31, 39],
  warn: [33, 39],
  dim: [2, 22],
  strong: [1, 22],
}

export function paint(text: string, tone: Tone | undefined, color: boolean): string {
  if (!color || !tone || tone === 'plain' || text === '') return text
  const [open, close] = ANSI[tone]
  return `\u001b[${open}m${text}\u001b[${close}m`
}

/** Lines of the table, none wider than `widthColumns` unless a single column's content alone is wider. */
export function textTable(columns: readonly TextColumn[], rows: readonly TextRow[], options: { widthColumns: number; color: boolean }): string[] {
  for (const row of rows) {
    if ('cells' in row && row.cells.length !== columns.length) throw new Error(`table row has ${row.cells.length} cells for ${columns.length} columns: ${row.cells.map((cell) => cell.text).join(', ')}`)
  }
  const cellRows = rows.flatMap((row) => ('cells' in row ? [row.cells] : []))
  const indent = rows.some((row) => 'heading' in row) ? ROW_INDENT : ''
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cellRows.map((cells) => cells[index]!.text.length + (index === 0 ? indent.length : 0))))
  const othersWidth = widths.slice(1).reduce((sum, width) => sum + width + GAP.length, 0)
  widths[0] = Math.min(widths[0]!, Math.max(MIN_FIRST_COLUMN, options.widthColumns - othersWidth))
  const last = columns.length - 1
  // The last column is not padded on the right: no trailing spaces, coloured or not.
  const pad = (text: string, index: number) => (columns[index]!.align === 'right' ? text.padStart(widths[index]!) : index === last ? text : text.padEnd(widths[index]!))
  const join = (cells: readonly string[]) => cells.join(GAP).trimEnd()
  const lines = [paint(join(columns.map((column, index) => pad(column.header, index))), 'strong', options.color)]
  for (const row of rows) {
    if ('heading' in row) {
      lines.push(paint(row.heading, 'strong', options.color))
      continue
    }
    const [first, ...rest] = wrap(row.cells[0]!.text, widths[0]! - indent.length)
    lines.push(join(row.cells.map((cell, index) => paint(pad(index === 0 ? `${indent}${first}` : cell.text, index), cell.tone, options.color))))
    for (const more of rest) lines.push(`${indent}${ROW_INDENT}${more}`)
  }
  return lines
}

/** Words onto lines of at most `width` characters; a word longer than that is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`
    if (candidate.length <= width) {
      line = candidate
      continue
    }
    if (line !== '') lines.push(line)
    let rest = word
    while (rest.length > width) {
      lines.push(rest.slice(0, width))
      rest = rest.slice(width)
    }
    line = rest
  }
  return [...lines, line]
}
