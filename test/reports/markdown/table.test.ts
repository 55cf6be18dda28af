import { expect, test } from 'vitest'
import { markdownTable } from '../../../reports/markdown/table.ts'

test('one delimiter per column, by alignment', () => {
  expect(markdownTable(
    [{ header: 'Bench', align: 'left' }, { header: 'Median', align: 'right' }, { header: 'n', align: 'center' }],
    [['cold', '1.23 s', '6'], ['warm', '38.3 ms', '6']],
  )).toEqual([
    '| Bench | Median | n |',
    '| :--- | ---: | :---: |',
    '| cold | 1.23 s | 6 |',
    '| warm | 38.3 ms | 6 |',
  ])
})

test('pipes are escaped and newlines flattened, in cells and headers alike', () => {
  expect(markdownTable(
    [{ header: 'a|b', align: 'left' }, { header: 'Note', align: 'left' }],
    [['x | y', 'two\nlines\r\nhere']],
  )).toEqual([
    '| a\\|b | Note |',
    '| :--- | :--- |',
    '| x \\| y | two lines here |',
  ])
})

test('no rows: the header and delimiter only', () => {
  expect(markdownTable([{ header: 'A', align: 'left' }], [])).toEqual(['| A |', '| :--- |'])
})

test('a row with the wrong number of cells is a bug, not a broken table', () => {
  expect(() => markdownTable([{ header: 'A', align: 'left' }], [['1', '2']])).toThrow('table row has 2 cells for 1 columns: 1, 2')
})
