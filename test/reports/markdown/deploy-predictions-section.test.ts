import { expect, test } from 'vitest'
import { copyLaw, deployPredictions } from '../../../helpers/judgements/copy-model.ts'
import { PerformanceResultsSchema } from '../../../helpers/model/results-schema.ts'
import { handGivenFit } from '../copy-law-factory.ts'
import { deployPredictionsSection } from '../../../reports/markdown/deploy-predictions-section.ts'
import { measuredBench, performanceResults, sample } from '../results-factory.ts'

const fit = (roundTripsPerPath: number) => handGivenFit(roundTripsPerPath)
const model = {
  grid: { links: [{ rttMs: 5, bandwidthMbitPerS: 10 }, { rttMs: 50, bandwidthMbitPerS: 100 }], closures: [{ paths: 40, narBytes: 655_360 }, { paths: 10, narBytes: 1_310_720 }] },
  laws: [copyLaw('nix-copy-closure', fit(2), null), copyLaw('nix copy ssh-ng://', fit(0), null)],
  whatIf: [],
}
const counters = { pathsCopied: 15, pathsTransferred: 15, pathsSubstituted: 0, narBytesCopied: 800_000, closurePaths: 15, closureBytes: 800_000, linkRttMs: 20.04, linkMbitPerS: 94.3 }
const copy = measuredBench({ id: 'deployment/targets/web@root@vps/copy', host: 'web', samples: [sample(1500, counters), sample(1540, counters), sample(1480, counters)] })

test('your deploys: where the laws came from, then per target the link, the measured copy against its prediction and each client for the whole closure; valid in the results schema', () => {
  const deploys = deployPredictions([copy], { model, resultsFile: '/home/me/full-run.json', fittedAt: '2026-11-26T18:00:00.000Z', nix: 'Nix 2.8.0' })
  const results = performanceResults([copy], { deployPredictions: deploys })
  expect(() => PerformanceResultsSchema.parse(results)).not.toThrow()
  expect(deployPredictionsSection(results).join('\n')).toMatchInlineSnapshot(`
    "## Your deploys against the copy laws

    The copy laws were fitted by the run of 2026-11-26T18:00:00.000Z with Nix 2.8.0, read from \`/home/me/full-run.json\` (deploy.copyLawsFrom).
    Each link was probed once, untimed, inside one ssh session: the median of 20 echoes, and the throughput of 4.00 MiB of random bytes.

    | Host | RTT | Throughput | Copies sent | Measured | Predicted (95 % PI) | Error | Whole closure, nix-copy-closure | Whole closure, nix copy ssh-ng:// |
    | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
    | web | 20.0 ms | 94.3 Mbit/s | 15 paths, 781 KiB (3 of 3) | 1.50 s | 726 ms (516 ms … 935 ms) | +106.7 % | 1.33 s (1.12 s … 1.54 s) | 726 ms (516 ms … 935 ms); measured 1.50 s |

    - web to root@vps: link 20.0 ms RTT, 94.3 Mbit/s (inside one ssh session); 3 of 3 copies sent 15 paths (781 KiB): measured 1.50 s, predicted 726 ms (95 % PI 516 ms … 935 ms), error +106.7 %; this closure (15 paths, 781 KiB) to an empty store: predicted nix copy ssh-ng:// 726 ms, nix-copy-closure 1.33 s; the first copy sent the whole closure: measured 1.50 s (+106.7 % against nix copy ssh-ng://)"
  `)
})

test('without laws: the reason, and the links all the same', () => {
  const results = performanceResults([copy], { deployPredictions: deployPredictions([copy], { reason: 'no copy laws: run the full profile once' }) })
  const text = deployPredictionsSection(results).join('\n')
  expect(text).toContain('Not predicted: no copy laws: run the full profile once.')
  expect(text).toContain('| web | 20.0 ms | 94.3 Mbit/s | 15 paths, 781 KiB (3 of 3) | 1.50 s | — | — |')
  expect(deployPredictionsSection(performanceResults([]))).toEqual([])
})
