import { median } from './median.ts'

/** Resamples per comparison: enough for stable 2.5 % and 97.5 % percentiles. */
const BOOTSTRAP_RESAMPLES = 2000
/** Below this many samples on either side there is no honest interval: the verdict is "unresolved". */
const MIN_SAMPLES = 3

export type ChangeVerdict = 'faster' | 'slower' | 'unchanged' | 'unresolved'

export interface RelativeChange {
  /** (current median − baseline median) / baseline median × 100. */
  changePct: number
  /** 95 % percentile-bootstrap interval of that change. */
  ciPct: [number, number] | null
  verdict: ChangeVerdict
}

/**
 * Compares two sets of samples by the ratio of their medians, with a 95 % percentile bootstrap interval
 * (Efron & Tibshirani 1993, ch. 13). Faster or slower only when the whole interval lies beyond the noise floor;
 * unchanged when it lies within it; otherwise unresolved (more samples needed). The resampling uses a seeded
 * generator, so the same samples always give the same verdict.
 */
export function compareSamples(baselineMs: readonly number[], currentMs: readonly number[], noiseFloorPct: number, seed = 1): RelativeChange {
  const baselineMedian = median([...baselineMs].sort((a, b) => a - b))
  const currentMedian = median([...currentMs].sort((a, b) => a - b))
  const changePct = (currentMedian / baselineMedian - 1) * 100
  if (baselineMs.length < MIN_SAMPLES || currentMs.length < MIN_SAMPLES) return { changePct, ciPct: null, verdict: 'unresolved' }
  const random = mulberry32(seed)
  const resample = (values: readonly number[]) => median(Array.from(values, () => values[Math.floor(random() * values.length)]!).sort((a, b) => a - b))
  const changes = Array.from({ length: BOOTSTRAP_RESAMPLES }, () => (resample(currentMs) / resample(baselineMs) - 1) * 100).sort((a, b) => a - b)
  const ciPct: [number, number] = [changes[Math.floor(0.025 * BOOTSTRAP_RESAMPLES)]!, changes[Math.ceil(0.975 * BOOTSTRAP_RESAMPLES) - 1]!]
  const verdict: ChangeVerdict = ciPct[0] > noiseFloorPct ? 'slower'
    : ciPct[1] < -noiseFloorPct ? 'faster'
    : ciPct[0] >= -noiseFloorPct && ciPct[1] <= noiseFloorPct ? 'unchanged'
    : 'unresolved'
  return { changePct, ciPct, verdict }
}

/** A small, well-known 32-bit PRNG (Tommy Ettinger's mulberry32): reproducible resampling without a dependency. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
