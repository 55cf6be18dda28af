import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { copyLaw } from '../../helpers/judgements/copy-model.ts'
import { ResultsFileError } from '../../helpers/errors.ts'
import type { CopyModel } from '../../helpers/model/copy-model.ts'
import { copyLawSource } from '../../reports/copy-laws.ts'
import { serializeResults } from '../../reports/results-file.ts'
import { performanceResults } from './results-factory.ts'

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'flakebench-copy-laws-')) })
afterEach(() => rm(dir, { recursive: true, force: true }))

const coefficient = (estimate: number) => ({ estimate, standardError: 1, low: estimate - 2, high: estimate + 2 })
/** Hand-given (no measurement). */
const model: CopyModel = {
  grid: { links: [{ rttMs: 5, bandwidthMbitPerS: 10 }], closures: [{ paths: 40, narBytes: 655_360 }] },
  laws: [copyLaw('nix copy ssh-ng://', {
    coefficients: { fixedMs: coefficient(500), fixedMsPerPath: coefficient(5), roundTrips: coefficient(4), roundTripsPerPath: coefficient(0), bandwidthFactor: coefficient(1) },
    residualSdMs: 100, n: 24, degreesOfFreedom: 19, covariance: Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]),
  }, null)],
  whatIf: [],
}

test('this run\'s own laws come first, even with deploy.copyLawsFrom set', async () => {
  const source = await copyLawSource(performanceResults([], { copyModel: model }), join(dir, 'absent.json'))
  expect(source).toMatchObject({ resultsFile: null, fittedAt: '2026-11-23T01:00:00.000Z', nix: 'Nix 2.8.0' })
})

test('deploy.copyLawsFrom: the laws of an earlier run, with when and by which Nix they were fitted', async () => {
  const file = join(dir, 'full.json')
  await writeFile(file, serializeResults(performanceResults([], { copyModel: model, run: { startedAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:15:00.000Z', status: 'passed', errors: [] } })))
  expect(await copyLawSource(performanceResults([]), file)).toMatchObject({ resultsFile: file, fittedAt: '2026-11-20T10:00:00.000Z', nix: 'Nix 2.8.0', model: { laws: [{ client: 'nix copy ssh-ng://' }] } })
})

test('no laws and no file: a reason that says how to get them', async () => {
  const source = await copyLawSource(performanceResults([]), undefined)
  expect(source).toEqual({ reason: expect.stringContaining('set deploy.copyLawsFrom to that copy') })
})

test('a file that is missing, corrupt or without laws is an error naming deploy.copyLawsFrom and what to do', async () => {
  const corrupt = join(dir, 'corrupt.json')
  await writeFile(corrupt, '{"schemaVersion": 1, "run":')
  const withoutLaws = join(dir, 'standard.json')
  await writeFile(withoutLaws, serializeResults(performanceResults([])))
  for (const [file, says] of [[join(dir, 'absent.json'), 'cannot read'], [corrupt, 'is not valid JSON'], [withoutLaws, 'holds no copy laws']] as const) {
    const error = await copyLawSource(performanceResults([]), file).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResultsFileError)
    expect((error as ResultsFileError).summary).toMatch(new RegExp(`^deploy\\.copyLawsFrom: .*${says}`))
    expect((error as ResultsFileError).hint).toContain('npm run bench:full')
  }
})
