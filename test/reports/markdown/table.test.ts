import { expect, test } from 'vitest'
import { markdownTable } from '../../../reports/markdown/table.ts'

test('aligned columns; pipes escaped and newlines flattened in cells', () => {
  expect(markdownTable(
    [{ header: 'Bench', align: 'left' }, { header: 'Median', align: 'right' }, { header: 'Note', align: 'center' }],
    [['a | b', '1.00 s', 'two\nlines']],
  )).toEqual([
    '| Bench | Median | Note |',
    '| :--- | ---: | :---: |',
    '| a \\| b | 1.00 s | two lines |',
  ])
})

test('a row with the wrong number of cells is a bug, not a broken table', () => {
  expect(() => markdownTable([{ header: 'A', align: 'left' }], [['1', '2']])).toThrow('table row has 2 cells for 1 columns: 1, 2')
})
