import { describe, expect, test } from 'vitest'
import { outlierIndices } from '../../../helpers/statistics/outliers.ts'

describe('outlierIndices (modified z-score > 3.5)', () => {
  test('keeps run order', () => {
    // median 10, MAD 1: 0.6745 × 6 / 1 = 4.05 is out, 0.6745 × 5 = 3.37 is in.
    expect(outlierIndices([16, 10, 9, 11, 10, 15])).toEqual([0])
  })
  test('with MAD 0, anything off the median stands out', () => {
    expect(outlierIndices([5, 5, 5, 5, 7])).toEqual([4])
    expect(outlierIndices([5, 5, 5])).toEqual([])
  })
})
