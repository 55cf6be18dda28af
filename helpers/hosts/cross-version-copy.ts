import { storeUri } from '../builds/build-workspace.ts'
import { FlakebenchError } from '../errors.ts'
import type { CountersOf } from '../model/concerns.ts'
import type { NixBuild } from '../process/nix-builds.ts'
import { nixCommand, nixConfigText, parseNixVersion, type NixCall } from '../process/nix.ts'
import { runChecked, type CommandSpec } from '../process/run-command.ts'
import { claimViolation, clientCopiedPaths, copyCounters, CopyClaimError } from './copy-verification.ts'
import type { ProfiledHost } from './network-profile.ts'
import { storePathStates, type StorePathState } from './store-paths.ts'
import { sshArgs, type TestHost } from './test-hosts.ts'

/**
 * A closure copy that both Nix 2.8 and newer clients speak: `nix copy --to ssh-ng://`, whose remote side is the
 * host's `nix-daemon --stdio`, so client and host negotiate the worker protocol across versions.
 */
export function sshNgCopyCommand(client: NixBuild, route: ProfiledHost, copy: { sourceStoreRoot: string; root: string; offline: boolean }, call: Omit<NixCall, 'args' | 'nix'>): CommandSpec {
  return nixCommand({
    ...call,
    nix: client,
    args: ['copy', '--from', storeUri(copy.sourceStoreRoot), '--to', `ssh-ng://${route.destination}`, '--no-check-sigs', copy.root],
    env: { ...call.env, NIX_SSHOPTS: route.sshOptions.join(' '), NIX_CONFIG: nixConfigText(copy.offline) },
  })
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
