import type { CounterKey } from '../model/concerns.ts'
import type { Sample } from '../model/results-schema.ts'

/** Median of values already sorted ascending; callers sort once and reuse the order. */
export function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Median of the numbers present (samples without a counter give null or undefined), or null if none is. */
export function medianOfPresent(values: ReadonlyArray<number | null | undefined>): number | null {
  const present = values.filter((value): value is number => typeof value === 'number').sort((a, b) => a - b)
  return present.length === 0 ? null : median(present)
}

/** The median of one counter over samples, or null when no sample has it. */
export function counterMedian(samples: readonly Sample[], counter: CounterKey): number | null {
  return medianOfPresent(samples.map((sample) => sample.counters?.[counter]))
}
