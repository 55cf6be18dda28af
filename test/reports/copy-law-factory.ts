import type { CopyModelFit } from '../../helpers/statistics/copy-model.ts'

/**
 * A copy law given by hand, for tests (no measurement): 500 ms + 5 ms × paths + RTT × (4 + roundTripsPerPath ×
 * paths) + 1.04 × bytes ÷ bandwidth, each coefficient ± 2, fitted on 24 copies with a residual sd of 100 ms. The
 * covariance is 0 unless given, so a prediction's interval is ± t(19) × 100 ms.
 */
export function handGivenFit(roundTripsPerPath: number, covariance: number[][] = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0])): CopyModelFit {
  const coefficient = (estimate: number) => ({ estimate, standardError: 1, low: estimate - 2, high: estimate + 2 })
  return {
    coefficients: { fixedMs: coefficient(500), fixedMsPerPath: coefficient(5), roundTrips: coefficient(4), roundTripsPerPath: coefficient(roundTripsPerPath), bandwidthFactor: coefficient(1.04) },
    residualSdMs: 100,
    n: 24,
    degreesOfFreedom: 19,
    covariance,
  }
}
