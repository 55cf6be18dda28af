import { describe, expect, test } from 'vitest'
import { mulberry32 } from '../../../helpers/statistics/change.ts'
import { fitCopyModel, predictCopy, type CopyLink, type CopyTiming } from '../../../helpers/statistics/copy-model.ts'

/** A known law: 300 ms fixed, 4 ms per path locally, 3 round trips per copy plus 2 per path, 1.05 link bytes per NAR byte. */
const TRUTH = { fixedMs: 300, fixedMsPerPath: 4, roundTrips: 3, roundTripsPerPath: 2, bandwidthFactor: 1.05 }
const law = (link: CopyLink) =>
  TRUTH.fixedMs + TRUTH.fixedMsPerPath * link.paths + link.rttMs * (TRUTH.roundTrips + TRUTH.roundTripsPerPath * link.paths) + TRUTH.bandwidthFactor * link.narBytes / link.bandwidthBytesPerMs!

/** The bench's grid: 3 RTTs × 2 bandwidths × 2 closures. */
function grid(): CopyLink[] {
  const closures = [{ paths: 21, narBytes: 5_000_000 }, { paths: 6, narBytes: 1_500_000 }]
  return [5, 20, 50].flatMap((rttMs) => [10, 100].flatMap((mbit) => closures.map((closure) => ({ rttMs, bandwidthBytesPerMs: mbit * 125, ...closure }))))
}

/** Gaussian noise (Box–Muller) of the given sd, reproducible. */
function noise(sdMs: number, seed: number): () => number {
  const random = mulberry32(seed)
  return () => sdMs * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

describe('fitCopyModel on synthetic copies with a known law', () => {
  test('without noise it recovers every coefficient exactly', () => {
    const fit = fitCopyModel(grid().map((link) => ({ ...link, wallMs: law(link) })))
    for (const [term, value] of Object.entries(TRUTH)) expect(fit.coefficients[term as keyof typeof TRUTH].estimate, term).toBeCloseTo(value, 6)
    expect(fit.residualSdMs).toBeLessThan(1e-6)
    expect(fit.degreesOfFreedom).toBe(12 - 5)
  })

  test('with 40 ms noise and two samples per point, each 95 % interval holds the true value and round trips per path are told apart', () => {
    const jitter = noise(40, 17)
    const timings: CopyTiming[] = [...grid(), ...grid()].map((link) => ({ ...link, wallMs: law(link) + jitter() }))
    const fit = fitCopyModel(timings)
    for (const [term, value] of Object.entries(TRUTH)) {
      const { low, high } = fit.coefficients[term as keyof typeof TRUTH]
      expect(value, `${term} in [${low}, ${high}]`).toBeGreaterThanOrEqual(low)
      expect(value, `${term} in [${low}, ${high}]`).toBeLessThanOrEqual(high)
    }
    const perPath = fit.coefficients.roundTripsPerPath
    expect(perPath.high - perPath.low, 'precise enough to tell 1 round trip per path from 2').toBeLessThan(0.5)
    expect(fit.residualSdMs).toBeGreaterThan(20)
    expect(fit.residualSdMs).toBeLessThan(60)
  })

  test('over many noisy grids, a held-out copy falls inside its 95 % prediction interval about 95 % of the time', () => {
    const heldOut: CopyLink = { rttMs: 30, bandwidthBytesPerMs: 30 * 125, paths: 21, narBytes: 5_000_000 }
    let inside = 0
    const trials = 400
    for (let trial = 0; trial < trials; trial++) {
      const jitter = noise(40, 1000 + trial)
      const fit = fitCopyModel(grid().map((link) => ({ ...link, wallMs: law(link) + jitter() })))
      const prediction = predictCopy(fit, heldOut)
      const measured = law(heldOut) + jitter()
      if (measured >= prediction.lowMs && measured <= prediction.highMs) inside += 1
    }
    // Binomial(400, 0.95): 95 % of runs land in 0.928–0.972; the band is wider still, and fixed by the seeds.
    expect(inside / trials).toBeGreaterThan(0.9)
    expect(inside / trials).toBeLessThan(0.99)
  })

  test('the prediction itself is the law at the point', () => {
    const fit = fitCopyModel(grid().map((link) => ({ ...link, wallMs: law(link) })))
    const link: CopyLink = { rttMs: 100, bandwidthBytesPerMs: 1250, paths: 50, narBytes: 20_000_000 }
    expect(predictCopy(fit, link).predictedMs).toBeCloseTo(law(link), 4)
  })

  test('a grid that does not vary what a term needs is refused, saying what to vary', () => {
    const oneRtt = grid().filter((link) => link.rttMs === 20).map((link) => ({ ...link, wallMs: law(link) }))
    expect(() => fitCopyModel(oneRtt)).toThrow('the copy model needs two or more RTTs among its timings')
    const oneClosure = grid().filter((link) => link.paths === 21).map((link) => ({ ...link, wallMs: law(link) }))
    expect(() => fitCopyModel(oneClosure)).toThrow('the copy model needs closures of two or more path counts among its timings')
  })
})
