import { describe, expect, test } from 'vitest'
import { paint, textTable, wrap } from '../../reports/terminal-table.ts'

describe('wrap', () => {
  test('breaks at spaces, and cuts a word longer than the width', () => {
    expect(wrap('copy closure: nix copy ssh-ng://', 14)).toEqual(['copy closure:', 'nix copy', 'ssh-ng://'])
    expect(wrap('/nix/store/abcdefghij', 8)).toEqual(['/nix/sto', 're/abcde', 'fghij'])
    expect(wrap('short', 20)).toEqual(['short'])
  })
})

describe('textTable', () => {
  const columns = [{ header: 'Bench', align: 'left' }, { header: 'Median', align: 'right' }, { header: 'Verdict', align: 'left' }] as const

  test('pads columns, indents rows under a heading, leaves no trailing spaces', () => {
    const lines = textTable(columns, [
      { heading: 'builds' },
      { cells: [{ text: 'cached build' }, { text: '1.20 s' }, { text: 'pass' }] },
      { cells: [{ text: 'uncached build' }, { text: '12.0 s' }, { text: '' }] },
    ], { widthColumns: 120, color: false })
    expect(lines).toEqual([
      'Bench             Median  Verdict',
      'builds',
      '  cached build    1.20 s  pass',
      '  uncached build  12.0 s',
    ])
  })

  test('a row with the wrong number of cells is a bug, named with its cells', () => {
    expect(() => textTable(columns, [{ cells: [{ text: 'a' }] }], { widthColumns: 120, color: false })).toThrow('table row has 1 cells for 3 columns: a')
  })

  test('colour wraps the text in SGR codes only when asked, and never an empty cell', () => {
    expect(paint('FAIL', 'bad', true)).toBe('\u001b[31mFAIL\u001b[39m')
    expect(paint('FAIL', 'bad', false)).toBe('FAIL')
    expect(paint('', 'bad', true)).toBe('')
  })
})
