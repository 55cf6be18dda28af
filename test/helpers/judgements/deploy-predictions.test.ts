import { describe, expect, test } from 'vitest'
import { copyLaw, deployPredictions, lawFit, type CopyLawSource } from '../../../helpers/judgements/copy-model.ts'
import type { CopyModel } from '../../../helpers/model/copy-model.ts'
import { predictCopy } from '../../../helpers/statistics/copy-model.ts'
import { handGivenFit } from '../../reports/copy-law-factory.ts'
import { measuredBench, sample } from '../../reports/results-factory.ts'

// Only the fixed term is uncertain beyond the residual: a prediction's interval is ± t(19) × √(100² + 30²).
const fit = (roundTripsPerPath: number) => handGivenFit(roundTripsPerPath, Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i === 0 && j === 0 ? 900 : 0))))

const model: CopyModel = {
  grid: { links: [{ rttMs: 5, bandwidthMbitPerS: 10 }, { rttMs: 50, bandwidthMbitPerS: 100 }], closures: [{ paths: 40, narBytes: 655_360 }, { paths: 10, narBytes: 1_310_720 }] },
  laws: [copyLaw('nix-copy-closure', fit(2), null), copyLaw('nix copy ssh-ng://', fit(0), null)],
  whatIf: [],
}
const thisRun: CopyLawSource = { model, resultsFile: null, fittedAt: '2026-11-26T18:00:00.000Z', nix: 'Nix 2.8.0' }

/** A deploy target's copy: the first sample sent 20 paths (1 MB), the next four nothing; the link probed at 40 ms, 10 Mbit/s. */
function targetCopy(link = { linkRttMs: 40, linkMbitPerS: 10 }) {
  const counters = (pathsTransferred: number, narBytesCopied: number) => ({ pathsCopied: pathsTransferred, pathsTransferred, pathsSubstituted: 0, narBytesCopied, closurePaths: 20, closureBytes: 1_000_000, ...link })
  return measuredBench({
    id: 'deployment/targets/web@root@10.0.0.1/copy',
    concern: 'deployment',
    host: 'web',
    samples: [sample(2300, counters(20, 1_000_000)), sample(720, counters(0, 0)), sample(700, counters(0, 0)), sample(760, counters(0, 0)), sample(690, counters(0, 0))],
  })
}

describe('your deploys against the copy laws', () => {
  test('a stored law predicts what its fit predicts, intervals included', () => {
    const link = { rttMs: 30, paths: 12, narBytes: 400_000, bandwidthBytesPerMs: 3750 }
    expect(predictCopy(lawFit(model.laws[0]!), link)).toEqual(predictCopy(fit(2), link))
  })

  test('the typical copy (4 of 5 sent nothing) against the ssh-ng law at the probed link, and every client for the whole closure', () => {
    const predictions = deployPredictions([targetCopy()], thisRun)!
    expect(predictions.laws).toEqual({ resultsFile: null, fittedAt: '2026-11-26T18:00:00.000Z', nix: 'Nix 2.8.0', clients: ['nix-copy-closure', 'nix copy ssh-ng://'] })
    const [row] = predictions.targets
    expect(row!.copied).toMatchObject({ samples: 4, ofSamples: 5, paths: 0, narBytes: 0, measuredMedianMs: 710 })
    // 500 + 40 × 4 = 660 ms; the interval ± 2.093 × √(100² + 30²) = ± 218.5 ms.
    expect(row!.copied.prediction!.predictedMs).toBeCloseTo(660, 6)
    expect(row!.copied.prediction!.highMs - 660).toBeCloseTo(218.52, 1)
    expect(row!.copied.errorPct).toBeCloseTo(((710 - 660) / 660) * 100, 6)
    // Whole closure, 10 Mbit/s = 1250 bytes/ms: 500 + 100 + 40 × (4 + k × 20) + 1.04 × 800 = 1592 + 800 k.
    expect(row!.freshCopy.map((prediction) => [prediction.client, Math.round(prediction.predictedMs)])).toEqual([['nix copy ssh-ng://', 1592], ['nix-copy-closure', 3192]])
    expect(row!.copied.extrapolated, '0 paths is below the grid\'s smallest closure').toBe(true)
    expect(row!.freshCopyExtrapolated, '20 paths and 1 MB lie within the grid').toBe(false)
    // The first sample sent all 20 paths: 2300 ms against ssh-ng's 1592 ms.
    expect(row!.wholeClosureSample!.measuredMs).toBe(2300)
    expect(row!.wholeClosureSample!.errorPct).toBeCloseTo(((2300 - 1592) / 1592) * 100, 6)
    expect(row!.sentence).toBe('web to root@10.0.0.1: link 40.0 ms RTT, 10.0 Mbit/s (inside one ssh session); 4 of 5 copies sent 0 paths (0 B): measured 710 ms, predicted 660 ms (95 % PI 441 ms … 879 ms), error +7.6 % (outside the grid the laws were fitted on: extrapolated); this closure (20 paths, 977 KiB) to an empty store: predicted nix copy ssh-ng:// 1.59 s, nix-copy-closure 3.19 s; the first copy sent the whole closure: measured 2.30 s (+44.5 % against nix copy ssh-ng://)')
  })

  test('a copy the machine partly substituted is not predicted, and says why', () => {
    const copy = targetCopy()
    copy.samples = copy.samples.map((entry) => ({ ...entry, counters: { ...entry.counters!, pathsSubstituted: 3 } }))
    const [row] = deployPredictions([copy], thisRun)!.targets
    expect(row!.copied.prediction).toBeNull()
    expect(row!.sentence).toContain('(not predicted: the machine substituted paths itself, which the law does not cover)')
  })

  test('without laws, the links and copies are reported with the reason', () => {
    const predictions = deployPredictions([targetCopy()], { reason: 'no copy laws: set deploy.copyLawsFrom' })!
    expect(predictions).toMatchObject({ laws: null, reason: 'no copy laws: set deploy.copyLawsFrom' })
    expect(predictions.targets[0]).toMatchObject({ link: { rttMs: 40, mbitPerS: 10 }, copied: { prediction: null, errorPct: null }, freshCopy: [] })
  })

  test('a run with no measured deploy-target copy has no predictions', () => {
    expect(deployPredictions([measuredBench()], thisRun)).toBeNull()
    expect(deployPredictions([{ id: 'deployment/targets/web@root@h/copy', concern: 'deployment', name: 'copy', host: 'web', command: null, pairKey: null, status: 'skipped', reason: 'cannot build web' }], thisRun)).toBeNull()
  })
})
