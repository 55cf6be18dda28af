import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { COUNTER } from '../../helpers/model/concerns.ts'

/** What each figure means, once, at the end: the footnotes of the whole document. */
export function notesSection(results: PerformanceResults): string[] {
  const notes = [
    '**Median**: the middle sample; thresholds compare it unless configured otherwise. **n**: timed samples (warmups excluded).',
    '**MAD**: median absolute deviation from the median, a spread that a single slow sample cannot inflate.',
    '**CI**: 95 % confidence interval, of the median from order statistics when n ≥ 6, else of the mean (Student\'s t).',
    '**Cache** ✓: the cache state was checked on every sample (e.g. `nrFunctionCalls == 0` for a warm evaluation, nothing built for a cached build), not assumed.',
    '**Harness floor**: the median time to start and time `true` through the same path, first as spawn → exit with nothing subtracted, then as every bench reads it (less the wrapper\'s cost); figures near it are mostly process start-up.',
    '**Resolution**: the uncertainty of the wrapper cost subtracted from every sample (the farther bound of its 95 % interval). A median under it is shown as "below resolution (< x)": known only to be less than x.',
  ]
  if (results.benchmarks.some((bench) => bench.status === 'measured' && bench.samples.some((sample) => sample.counters?.[COUNTER.nrFunctionCalls] !== undefined))) {
    notes.push('**NIX_SHOW_STATS** counters (function calls, thunks, values, GC bytes) are exact for the same input: a change in them is a change in the work, not noise.')
  }
  if (results.scaling.length > 0) notes.push('**×4 gate**: cost at the largest size over cost at a quarter of it, from the fitted law; 4 is linear growth. It fails only when its whole bootstrap interval is over the limit.')
  if (results.comparison?.status === 'compared') notes.push('**Change**: (now − baseline) / baseline of the medians; its interval is a percentile bootstrap over both runs\' samples.')
  return ['## Notes on the figures', '', ...notes.map((note) => `- ${note}`)]
}
