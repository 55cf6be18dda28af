import { dirname, join } from 'node:path'
import { removeTree, storeUri } from '../builds/build-workspace.ts'
import { FlakebenchError } from '../errors.ts'
import type { CountersOf } from '../model/concerns.ts'
import type { NixBuild } from '../process/nix-builds.ts'
import { nixCommand, nixConfigText, parseNixVersion, type NixCall } from '../process/nix.ts'
import { assertSucceeded, runChecked, runCommand, type CommandSpec } from '../process/run-command.ts'
import type { CopyClientKey } from './copy-capabilities.ts'
import { claimViolation, clientCopiedPaths, copyCounters, CopyClaimError } from './copy-verification.ts'
import type { ProfiledHost } from './network-profile.ts'
import { storePathStates, type StorePathState } from './store-paths.ts'
import { sshArgs, type TestHost } from './test-hosts.ts'

/**
 * One closure copy by `clientKey`, run by the client Nix's own commands. `nix copy --to ssh-ng://` talks to the
 * host's `nix-daemon --stdio` (the worker protocol); `nix-copy-closure` and `nix copy --to ssh://` talk to its
 * `nix-store --serve --write` (the legacy serve protocol). Either way the two sides negotiate a protocol version,
 * which is what a cross-version copy tests.
 */
export function crossVersionCopyCommand(clientKey: CopyClientKey, client: NixBuild, route: ProfiledHost, copy: { sourceStoreRoot: string; root: string; offline: boolean }, call: Omit<NixCall, 'args' | 'nix'>): CommandSpec {
  const env = { ...call.env, NIX_SSHOPTS: route.sshOptions.join(' '), NIX_CONFIG: nixConfigText(copy.offline) }
  if (clientKey === 'nix-copy-closure') {
    // nix-copy-closure has no --from: its local side is whatever store NIX_REMOTE names. Started by path, so that
    // the multi-call binary of the client's build runs it (it decides what it is by the link's name).
    const spec = nixCommand({ ...call, nix: client, args: ['--to', route.destination, copy.root], env: { ...env, NIX_REMOTE: storeUri(copy.sourceStoreRoot) } })
    return { ...spec, file: join(dirname(client.path), 'nix-copy-closure') }
  }
  const scheme = clientKey === 'nix-copy-ssh' ? 'ssh' : 'ssh-ng'
  return nixCommand({ ...call, nix: client, args: ['copy', '--from', storeUri(copy.sourceStoreRoot), '--to', `${scheme}://${route.destination}`, '--no-check-sigs', copy.root], env })
}

/** The version of the Nix a host's sessions run (`nix-store --version` over ssh), read untimed. */
export async function remoteNixVersion(host: TestHost, timeoutMs: number): Promise<string> {
  return parseNixVersion(await runChecked({ file: 'ssh', args: sshArgs(host, 'nix-store --version'), timeoutMs })).version
}

/** Throws unless the host answers with the Nix it was started with: a copy must not claim a remote Nix it did not reach. */
export async function checkRemoteNix(host: TestHost, expectedVersion: string, timeoutMs: number): Promise<void> {
  const version = await remoteNixVersion(host, timeoutMs)
  if (version !== expectedVersion) {
    throw new FlakebenchError(`test host ${host.name} runs Nix ${version} on its side, not ${expectedVersion} (${host.remoteNix?.label ?? 'the system\'s'})`, {
      hint: 'check that the remote Nix\'s directory holds nix-store and nix-daemon, and that nothing in the host\'s session changes PATH',
    })
  }
}

/**
 * The counters of one copy into an emptied host store, checked as deployment's copies are
 * (helpers/hosts/copy-verification.ts): every closure path sent over the link and valid on the host after it.
 */
export async function freshCopyCounters(copy: { closure: readonly StorePathState[]; route: ProfiledHost; stderr: string }, call: Omit<NixCall, 'args'>): Promise<CountersOf<'nix-versions'>> {
  const observation = {
    closure: copy.closure,
    validBefore: new Set<string>(),
    after: await storePathStates(copy.route.host.storeRoot, copy.closure.map((state) => state.path), call),
    cacheKeyName: null,
    link: await copy.route.takeLinkBytes(),
    clientCopiedPaths: clientCopiedPaths(copy.stderr),
  }
  const counters = copyCounters(observation)
  const violation = claimViolation('fresh store', observation, counters)
  if (violation) throw new CopyClaimError(`copy to ${copy.route.host.name} (remote Nix ${copy.route.host.remoteNix?.label ?? 'system'}): ${violation}`, { ...counters })
  const { pathsMissing: _pathsMissing, ...reported } = counters
  return reported
}

/**
 * One untimed copy into the emptied host store, checked like a sample: a client that cannot copy to a host running
 * another Nix throws with Nix's own error, so that its pair can be reported failed and the other pairs measured.
 */
export async function probeCrossVersionCopy(spec: CommandSpec, copy: { closure: readonly StorePathState[]; route: ProfiledHost; pair: string }, call: Omit<NixCall, 'args'>): Promise<void> {
  await removeTree(copy.route.host.storeRoot)
  await copy.route.takeLinkBytes()
  const run = await runCommand(spec)
  assertSucceeded(spec, run, {
    text: run.stderr,
    hint: `${copy.pair} could not copy in an untimed copy of its own; the error above is Nix's own. The other client × remote pairs are measured without it; to leave this client out, remove it from closureCopies.clients`,
  })
  await freshCopyCounters({ closure: copy.closure, route: copy.route, stderr: run.stderr }, call)
  await removeTree(copy.route.host.storeRoot)
}
