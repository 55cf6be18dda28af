export interface Column {
  header: string
  align: 'left' | 'right' | 'center'
}

const DELIMITER = { left: ':---', right: '---:', center: ':---:' } as const

/** A left-aligned column (names, words). */
export function left(header: string): Column {
  return { header, align: 'left' }
}

/** A right-aligned column (figures, so their digits line up). */
export function right(header: string): Column {
  return { header, align: 'right' }
}

/** A GitHub Markdown table; pipes in cells are escaped and newlines flattened so a cell cannot break the row. */
export function markdownTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`table row has ${row.length} cells for ${columns.length} columns: ${row.join(', ')}`)
  }
  return [
    line(columns.map((column) => column.header)),
    `|${columns.map((column) => ` ${DELIMITER[column.align]} `).join('|')}|`,
    ...rows.map(line),
  ]
}

function escapeCell(cell: string): string {
  return cell.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
}
