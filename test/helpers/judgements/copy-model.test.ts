import { describe, expect, test } from 'vitest'
import { copyLaw, heldOutCheck, whatIf, whatIfSentence } from '../../../helpers/judgements/copy-model.ts'
import type { CopyModelFit } from '../../../helpers/statistics/copy-model.ts'

const coefficient = (estimate: number, halfWidth: number) => ({ estimate, standardError: halfWidth / 2.093, low: estimate - halfWidth, high: estimate + halfWidth })

/** A fit given by hand: the covariance is 0, so a prediction interval is ± t(19) × 100 ms = ± 209.3 ms. */
function fit(roundTripsPerPath: number): CopyModelFit {
  return {
    coefficients: {
      fixedMs: coefficient(500, 80),
      fixedMsPerPath: coefficient(5, 2),
      roundTrips: coefficient(4, 1.5),
      roundTripsPerPath: coefficient(roundTripsPerPath, 0.2),
      bandwidthFactor: coefficient(1.04, 0.05),
    },
    residualSdMs: 100,
    n: 24,
    degreesOfFreedom: 19,
    covariance: Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]),
  }
}

// 30 ms, 30 Mbit/s = 3750 bytes/ms; 40 paths, 655 360 bytes: 500 + 200 + 30 × (4 + 80) + 1.04 × 174.76 = 3401.75 ms.
const link = { rttMs: 30, bandwidthMbitPerS: 30, paths: 40, narBytes: 655_360 }

describe('the copy law in words and its held-out check', () => {
  test('the law states round trips per path first, with its interval', () => {
    expect(copyLaw('nix-copy-closure', fit(2), null).sentence).toBe(
      'nix-copy-closure: ~2.0 round trips per path (95 % CI 1.80 … 2.20); time = 500 ms + 5.00 ms × paths + RTT × (4.00 + 2.00 × paths) + bytes ÷ bandwidth × 1.04, fitted on 24 copies (residual sd 100 ms)',
    )
  })

  test('a measurement inside the prediction interval passes, with its error', () => {
    const check = heldOutCheck('nix-copy-closure', fit(2), { link, benchId: 'deployment/copy-model/held-out/40-paths/nix-copy-closure', measuredMedianMs: 3500 })
    expect(check.status).toBe('pass')
    expect(check.prediction.predictedMs).toBeCloseTo(3401.75, 1)
    expect(check.sentence).toBe('nix-copy-closure at 30.0 ms RTT, 30 Mbit/s (left out of the fit): measured 3.50 s, predicted 3.40 s (95 % prediction interval 3.19 s … 3.61 s), error +2.9 %, inside the interval')
  })

  test('just outside it, within the 3 % noise floor of the prediction (102 ms), passes and says so', () => {
    const check = heldOutCheck('nix-copy-closure', fit(2), { link, benchId: 'x', measuredMedianMs: 3650 })
    expect(check.status).toBe('pass')
    expect(check.sentence).toBe('nix-copy-closure at 30.0 ms RTT, 30 Mbit/s (left out of the fit): measured 3.65 s, predicted 3.40 s (95 % prediction interval 3.19 s … 3.61 s), error +7.3 %, 38.9 ms above the interval, within the ±3 % run-to-run noise floor of the prediction')
  })

  test('a measurement beyond the noise floor fails, saying by how much', () => {
    const check = heldOutCheck('nix-copy-closure', fit(2), { link, benchId: 'x', measuredMedianMs: 4000 })
    expect(check.status).toBe('fail')
    expect(check.sentence).toBe('nix-copy-closure at 30.0 ms RTT, 30 Mbit/s (left out of the fit): measured 4.00 s, predicted 3.40 s (95 % prediction interval 3.19 s … 3.61 s), error +17.6 %, 389 ms above the interval, beyond the ±3 % run-to-run noise floor: the law does not predict this link')
  })
})

test('what-if: the client with fewer round trips per path wins on a slow link, by the ratio of predicted times', () => {
  const grid = { links: [{ rttMs: 5, bandwidthMbitPerS: 10 }, { rttMs: 50, bandwidthMbitPerS: 100 }], closures: [{ paths: 40, narBytes: 655_360 }, { paths: 10, narBytes: 1_310_720 }] }
  const rows = whatIf([{ client: 'nix-copy-closure', fit: fit(2) }, { client: 'ssh-ng', fit: fit(0.5) }], [{ name: 'relayed', rttMs: 50, bandwidthMbitPerS: 10 }], { paths: 21, narBytes: 5_000_000 }, grid)
  // 500 + 105 + 50 × (4 + 42) + 1.04 × 4000 = 7 065 ms against 500 + 105 + 50 × (4 + 10.5) + 4160 = 5 490 ms.
  expect(rows[0]!.predictions.map((prediction) => [prediction.client, Math.round(prediction.predictedMs)])).toEqual([['ssh-ng', 5490], ['nix-copy-closure', 7065]])
  expect(rows[0]!.winner).toBe('ssh-ng')
  expect(rows[0]!.extrapolated, '5 MB is past the grid\'s largest closure').toBe(true)
  expect(whatIfSentence(rows[0]!)).toBe('relayed (50.0 ms RTT, 10 Mbit/s), 21 paths, 4.77 MiB: ssh-ng is predicted fastest at 5.49 s, ×1.29 faster than nix-copy-closure (7.07 s) (closure beyond the grid: extrapolated)')
})
