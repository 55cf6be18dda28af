import { expect, test } from 'vitest'
import '../../../helpers/thresholds/matcher.ts'
import { measuredBench } from '../../reports/results-factory.ts'

function failureMessage(assertion: () => void): string {
  try {
    assertion()
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('the assertion did not fail')
}

const failedVerdict = { status: 'fail' as const, measuredMs: 2345, limitMs: 2000, overByPct: 17.25, sentence: 'cold nix flake show: median 2.35 s is over the limit of 2.00 s by 17.3 % (limit: seed 003)' }

test('a measured bench over its limit fails with exactly the verdict sentence', () => {
  expect(failureMessage(() => expect(measuredBench({ verdict: failedVerdict })).toMeetThreshold())).toBe(failedVerdict.sentence)
})

test('a passing bench, one without a threshold, and a skipped bench meet it', () => {
  expect(measuredBench()).toMeetThreshold()
  expect(measuredBench({ threshold: null, verdict: { status: 'none' } })).toMeetThreshold()
  expect({ id: 'x', concern: 'c', name: 'plan', host: null, command: null, pairKey: null, status: 'skipped', reason: 'terraform not installed' }).toMeetThreshold()
})

test('a failed bench fails with its error and what to do', () => {
  const failed = {
    id: 'x', concern: 'c', name: 'cold nix flake show', host: 'vps', command: null, pairKey: null, status: 'failed' as const,
    error: { message: 'nix was not found on PATH', hint: 'install Nix', stderrTail: null },
    samples: [], statistics: null, threshold: null, verdict: { status: 'none' as const },
  }
  expect(failureMessage(() => expect(failed).toMeetThreshold())).toBe('cold nix flake show (vps) failed: nix was not found on PATH\n→ install Nix')
})
