import { randomBytes } from 'node:crypto'
import { sandboxShellArgs, storeUri } from '../builds/build-workspace.ts'
import { nixCommand, type NixCall } from '../process/nix.ts'
import { runChecked } from '../process/run-command.ts'
import { storePathStates, type StorePathState } from './store-paths.ts'

/** A closure built for the copy model: its root and every path in it. */
export interface ModelClosure {
  root: string
  states: StorePathState[]
}

export function closureBytes(closure: ModelClosure): number {
  return closure.states.reduce((sum, state) => sum + state.narSize, 0)
}

/**
 * A chain of `paths` store paths (each refers to the one before), each `bytesPerPath` of random bytes, built into
 * the chroot store at `storeRoot` (untimed). The payload's own closure is too narrow a range for the model: its
 * sub-closures within a short copy's bytes span 4–7 paths, which cannot tell round trips per path from per copy.
 * A fresh tag keeps two builds from sharing a path.
 */
export async function buildModelClosure(storeRoot: string, shape: { paths: number; bytesPerPath: number }, call: Omit<NixCall, 'args'>): Promise<ModelClosure> {
  const tag = randomBytes(4).toString('hex')
  const expression = [
    'let mk = i: prev: derivation {',
    `  name = "flakebench-copy-model-${tag}-\${toString i}"; system = builtins.currentSystem; builder = "/bin/sh";`,
    `  args = [ "-c" "echo \${toString prev} > $out; head -c ${shape.bytesPerPath} /dev/urandom >> $out" ];`,
    '}; chain = i: if i == 0 then "" else mk i (chain (i - 1));',
    `in chain ${shape.paths}`,
  ].join('\n')
  const built = await runChecked(nixCommand({ ...call, args: ['build', '--store', storeUri(storeRoot), ...sandboxShellArgs(), '--no-link', '--json', '--impure', '--expr', expression] }))
  const root = (JSON.parse(built) as Array<{ outputs: { out: string } }>)[0]!.outputs.out
  return { root, states: await storePathStates(storeRoot, [root], call, { recursive: true }) }
}
