import { expect, test } from 'vitest'
import { copyLaw, whatIf } from '../../../helpers/judgements/copy-model.ts'
import { PerformanceResultsSchema } from '../../../helpers/model/results-schema.ts'
import type { CopyModelFit } from '../../../helpers/statistics/copy-model.ts'
import { copyModelSection } from '../../../reports/markdown/copy-model-section.ts'
import { performanceResults } from '../results-factory.ts'

const coefficient = (estimate: number, halfWidth: number) => ({ estimate, standardError: halfWidth / 2.093, low: estimate - halfWidth, high: estimate + halfWidth })
const fit = (roundTripsPerPath: number): CopyModelFit => ({
  coefficients: { fixedMs: coefficient(500, 80), fixedMsPerPath: coefficient(5, 2), roundTrips: coefficient(4, 1.5), roundTripsPerPath: coefficient(roundTripsPerPath, 0.2), bandwidthFactor: coefficient(1.04, 0.05) },
  residualSdMs: 100,
  n: 24,
  degreesOfFreedom: 19,
  covariance: Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]),
})

test('the copy model section: each law with its intervals and held-out check, then the what-if table; valid in the results schema', () => {
  const grid = { links: [{ rttMs: 5.4, bandwidthMbitPerS: 9.8 }, { rttMs: 51.8, bandwidthMbitPerS: 97.1 }], closures: [{ paths: 40, narBytes: 655_360 }, { paths: 10, narBytes: 1_310_720 }] }
  const heldOut = { rttMs: 30, bandwidthMbitPerS: 30, paths: 40, narBytes: 655_360 }
  const fits = [{ client: 'nix-copy-closure', fit: fit(2) }, { client: 'nix copy ssh-ng://', fit: fit(0.5) }]
  const copyModel = {
    grid,
    laws: [
      copyLaw('nix-copy-closure', fits[0]!.fit, { link: heldOut, benchId: 'deployment/copy-model/held-out-30ms-30mbit/40-paths/nix-copy-closure', measuredMedianMs: 3500 }),
      copyLaw('nix copy ssh-ng://', fits[1]!.fit, null),
    ],
    whatIf: whatIf(fits, [{ name: 'direct', rttMs: 5, bandwidthMbitPerS: 100 }, { name: 'relayed', rttMs: 50, bandwidthMbitPerS: 10 }], { paths: 21, narBytes: 5_000_000 }, grid),
  }
  const results = performanceResults([], { copyModel })
  expect(() => PerformanceResultsSchema.parse(results)).not.toThrow()
  expect(copyModelSection(results).join('\n')).toMatchInlineSnapshot(`
    "## Copy model

    Fitted per client on 2 paced links (achieved: 5.4 ms RTT, 10 Mbit/s; 51.8 ms RTT, 97 Mbit/s) with closures of 40 paths (640 KiB) and 10 paths (1.25 MiB): time = fixed + per path × paths + RTT × (round trips + round trips per path × paths) + NAR bytes ÷ bandwidth × link bytes per NAR byte. Intervals are 95 %.

    | Client | Round trips per path | Round trips per copy | Fixed | Local per path | Link bytes per NAR byte | Held-out link: measured vs predicted | Check |
    | :--- | ---: | ---: | ---: | ---: | ---: | ---: | :--- |
    | nix-copy-closure | 2.00 (1.80 … 2.20) | 4.00 (2.50 … 5.50) | 500 ms (420 ms … 580 ms) | 5.00 ms (3.00 ms … 7.00 ms) | 1.04 (0.99 … 1.09) | 3.50 s vs 3.40 s (3.19 s … 3.61 s), +2.9 % | pass |
    | nix copy ssh-ng:// | 0.50 (0.30 … 0.70) | 4.00 (2.50 … 5.50) | 500 ms (420 ms … 580 ms) | 5.00 ms (3.00 ms … 7.00 ms) | 1.04 (0.99 … 1.09) | — | not measured |

    - nix-copy-closure: ~2.0 round trips per path (95 % CI 1.80 … 2.20); time = 500 ms + 5.00 ms × paths + RTT × (4.00 + 2.00 × paths) + bytes ÷ bandwidth × 1.04, fitted on 24 copies (residual sd 100 ms)
    - nix-copy-closure at 30.0 ms RTT, 30 Mbit/s (left out of the fit): measured 3.50 s, predicted 3.40 s (95 % prediction interval 3.19 s … 3.61 s), error +2.9 %, inside the interval
    - nix copy ssh-ng://: ~0.5 round trips per path (95 % CI 0.30 … 0.70); time = 500 ms + 5.00 ms × paths + RTT × (4.00 + 0.50 × paths) + bytes ÷ bandwidth × 1.04, fitted on 24 copies (residual sd 100 ms)

    ### What if: this closure (21 paths, 4.77 MiB) over other links

    | Link | RTT | Bandwidth | nix-copy-closure (95 % PI) | nix copy ssh-ng:// (95 % PI) | Fastest, by |
    | :--- | ---: | ---: | ---: | ---: | :--- |
    | direct | 5 ms | 100 Mbit/s | 1.25 s (1.04 s … 1.46 s) | 1.09 s (884 ms … 1.30 s) | nix copy ssh-ng://, ×1.14 |
    | relayed | 50 ms | 10 Mbit/s | 7.07 s (6.86 s … 7.27 s) | 5.49 s (5.28 s … 5.70 s) | nix copy ssh-ng://, ×1.29 |

    - direct (5.0 ms RTT, 100 Mbit/s), 21 paths, 4.77 MiB: nix copy ssh-ng:// is predicted fastest at 1.09 s, ×1.14 faster than nix-copy-closure (1.25 s) (closure beyond the grid: extrapolated)
    - relayed (50.0 ms RTT, 10 Mbit/s), 21 paths, 4.77 MiB: nix copy ssh-ng:// is predicted fastest at 5.49 s, ×1.29 faster than nix-copy-closure (7.07 s) (closure beyond the grid: extrapolated)"
  `)
  expect(copyModelSection(performanceResults([]))).toEqual([])
})
