import { resolve } from 'node:path'
import { FlakebenchError, ResultsFileError } from '../helpers/errors.ts'
import type { CopyLawSource } from '../helpers/judgements/copy-model.ts'
import type { PerformanceResults } from '../helpers/model/results-schema.ts'
import { readResults } from './results-file.ts'

const FIT_THEM = 'run the full profile once on this machine (`npm run bench:full`, or `flakebench bench --profile full`), copy its performance-results.json aside (each run overwrites it) and set deploy.copyLawsFrom to that copy'

function nixOf(results: PerformanceResults): string | null {
  const nix = results.provenance.nix
  return nix ? `${nix.implementation === 'lix' ? 'Lix' : 'Nix'} ${nix.version}` : null
}

/** The copy laws a run's deploy targets are predicted from: its own fit first, else deploy.copyLawsFrom's. */
export async function copyLawSource(results: PerformanceResults, copyLawsFrom: string | undefined): Promise<CopyLawSource> {
  if (results.copyModel) return { model: results.copyModel, resultsFile: null, fittedAt: results.run.startedAt, nix: nixOf(results) }
  if (!copyLawsFrom) return { reason: `no copy laws: this run did not fit them (closureCopies.model, full profile) and deploy.copyLawsFrom is not set; to predict your deploys, ${FIT_THEM}` }
  const file = resolve(copyLawsFrom)
  const earlier = await readResults(file).catch((error: unknown) => {
    throw new ResultsFileError(`deploy.copyLawsFrom: ${error instanceof FlakebenchError ? error.summary : String(error)}`, { hint: FIT_THEM, cause: error })
  })
  if (!earlier.copyModel) throw new ResultsFileError(`deploy.copyLawsFrom: ${file} holds no copy laws (its run did not fit them)`, { hint: FIT_THEM })
  return { model: earlier.copyModel, resultsFile: file, fittedAt: earlier.run.startedAt, nix: nixOf(earlier) }
}
