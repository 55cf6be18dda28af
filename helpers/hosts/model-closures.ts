import { FlakebenchError } from '../errors.ts'
import type { NixCall } from '../process/nix.ts'
import { storePathStates, type StorePathState } from './store-paths.ts'

/** A path of the payload's closure with its own closure: something a copy can send on its own. */
export interface SubClosure {
  root: string
  states: StorePathState[]
}

export function closureBytes(closure: SubClosure): number {
  return closure.states.reduce((sum, state) => sum + state.narSize, 0)
}

/**
 * Two closures for the copy model, so that its per-copy and per-path terms can be told apart: the one with the
 * most paths within the byte budget (a slow link's grid point stays short), and the one nearest half its path
 * count. Refuses, saying what to change, when the closure has no two path counts within the budget.
 */
export function pickModelClosures(candidates: readonly SubClosure[], byteBudget: number): [SubClosure, SubClosure] {
  const fitting = candidates.filter((candidate) => closureBytes(candidate) <= byteBudget)
  const byPaths = [...fitting].sort((a, b) => b.states.length - a.states.length || closureBytes(b) - closureBytes(a))
  const large = byPaths[0]
  const smaller = large ? byPaths.filter((candidate) => candidate.states.length < large.states.length) : []
  if (!large || smaller.length === 0) {
    throw new FlakebenchError(`the copy model needs two closures of different path counts within ${byteBudget} bytes, and the payload's closure has ${fitting.length === 0 ? 'none' : 'only one path count'} there`, {
      hint: 'raise COPY_MODEL_DEFAULTS.closureByteBudget (helpers/config/defaults.ts), or give the fixture smaller packages (fixture.packageOutputBytes)',
    })
  }
  const half = large.states.length / 2
  const small = smaller.reduce((best, candidate) => (Math.abs(candidate.states.length - half) < Math.abs(best.states.length - half) ? candidate : best))
  return [large, small]
}

/** Every path of `closure` with its own closure, read from the store that holds it (untimed). */
export async function subClosures(storeRoot: string, closure: readonly StorePathState[], call: Omit<NixCall, 'args'>): Promise<SubClosure[]> {
  return Promise.all(closure.map(async (state) => ({ root: state.path, states: await storePathStates(storeRoot, [state.path], call, { recursive: true }) })))
}
