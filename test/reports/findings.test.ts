import { expect, test } from 'vitest'
import { findings } from '../../reports/findings.ts'
import { measuredBench, performanceResults, sample } from './results-factory.ts'

test('the cache saving, phase shares and the copy protocol on a slow link, concern by concern, each from measured benches', () => {
  const bench = (id: string, name: string, wallMs: number, counters: Record<string, number> | null = null) =>
    measuredBench({ id, name, samples: [sample(wallMs, counters), sample(wallMs, counters), sample(wallMs, counters)] })
  const results = performanceResults([
    bench('deployment/deploy/1-eval', 'deploy phase: evaluate', 100),
    bench('deployment/deploy/3-copy', 'deploy phase: copy', 300),
    bench('deployment/deploy/5-ssh', 'deploy phase: ssh', 250),
    bench('deployment/copy/relayed/nix-copy-closure/fresh-store', 'copy', 2650, { closurePaths: 21, achievedRttMs: 51.3 }),
    bench('deployment/copy/relayed/nix-copy-ssh-ng/fresh-store', 'copy', 970),
    bench('builds/uncached-build/vps', 'uncached build', 3000),
    bench('builds/cached-build/vps', 'cached build', 200),
  ])
  expect(findings(results)).toEqual([
    'The binary cache saves 2.80 s per build of vps (93 % of the uncached build).',
    'Deployment end to end takes 400 ms (sum of phase medians); by share: copy 75 %, evaluate 25 %.',
    'On the relayed link (51 ms RTT), `nix copy --to ssh-ng://` saves 1.68 s against nix-copy-closure for 21 paths: the legacy protocol pays round trips per path.',
  ])
})

test('nothing measured, nothing claimed', () => {
  expect(findings(performanceResults([]))).toEqual([])
})
