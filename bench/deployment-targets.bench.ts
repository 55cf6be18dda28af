import { describe, expect, test, type TestContext } from 'vitest'
import { parsePathInfo } from '../helpers/nix-output/path-info.ts'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { LINK_PROBE_DEFAULTS } from '../helpers/config/defaults.ts'
import type { FlakebenchConfig } from '../helpers/config/schema.ts'
import { CacheStateError, FlakebenchError } from '../helpers/errors.ts'
import type { FlakeHost } from '../helpers/flake/configurations.ts'
import { clientCopiedPaths } from '../helpers/hosts/copy-verification.ts'
import { probeSshLink } from '../helpers/hosts/link-probe.ts'
import { remoteCommand } from '../helpers/hosts/remote-command.ts'
import { recordBench, recordOutcome } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import type { CountersOf } from '../helpers/model/concerns.ts'
import { deployTargetCopyId } from '../helpers/model/copy-model.ts'
import { DEPLOY_TARGET_CLIENT } from '../helpers/judgements/copy-model.ts'
import { nixCommand, nixEnvironment } from '../helpers/process/nix.ts'
import { runChecked, runCommand, type CommandSpec } from '../helpers/process/run-command.ts'
import { useBenchedFlake } from '../helpers/flake/benched-flake.ts'

/**
 * Deployment to your machines (deploy.targets): the link probed (untimed: its RTT and throughput inside one ssh
 * session, for the copy laws' prediction), the host's closure copied over ssh-ng, then the deploy mode's remote command — `dry-activate` by default, which changes nothing; `switch` only with allow.switch (the config
 * refuses it otherwise). Nothing is ever deleted from your machines.
 */
const { config } = loadConfig()
const concern = 'deployment'
const benchedFlake = useBenchedFlake(config)
const copySettings = benchSettings(config, 'target-copy')

type DeployTarget = FlakebenchConfig['deploy']['targets'][number]

/** The mode's remote commands by host kind ("{out}" is the top level), or why there is none. */
function activationCommands(host: FlakeHost, deployTarget: DeployTarget, index: number): string[][] | { skip: string } {
  const mode = config.deploy.mode
  if (mode === 'copy') return { skip: 'deploy.mode is "copy": nothing is activated' }
  if (deployTarget.command) return [deployTarget.command]
  const switching = mode === 'switch'
  switch (host.kind) {
    case 'nixos':
      // What nixos-rebuild does: dry-activate asks the running system; switch first records the generation.
      return switching
        ? [['nix-env', '--profile', '/nix/var/nix/profiles/system', '--set', '{out}'], ['{out}/bin/switch-to-configuration', 'switch']]
        : [['{out}/bin/switch-to-configuration', 'dry-activate']]
    case 'home':
      return switching ? [['{out}/activate']] : [['env', 'DRY_RUN=1', '{out}/activate']]
    case 'darwin':
      if (switching) return [['{out}/activate']]
      return { skip: `nix-darwin has no dry activation: set deploy.targets[${index}].command to a check of your own, or use deploy.mode "copy"` }
    default:
      return { skip: `the kind of ${host.name} is unknown: set its kind in hosts, or deploy.targets[${index}].command` }
  }
}

function ssh(deployTarget: DeployTarget, commands: ReadonlyArray<readonly string[]>, signal: AbortSignal): CommandSpec {
  return { file: 'ssh', args: [...deployTarget.sshOptions, '-o', 'BatchMode=yes', '--', deployTarget.ssh, remoteCommand(commands)], timeoutMs: config.timeoutMs, signal }
}

function skip(context: TestContext, id: string, name: string, host: string | null, reason: string): void {
  recordOutcome(context, { id, concern, name, host, command: null, pairKey: null, status: 'skipped', reason })
  context.skip(reason)
}

describe(`${concern}: your machines (deploy.mode ${config.deploy.mode})`, () => {
  if (config.deploy.targets.length === 0) {
    test('deploy to your machines', (context) => skip(context, 'deployment/targets', 'deploy to your machines', null, config.flake
      ? 'no deploy.targets in the config'
      : 'the embedded fixture deploys only to flakebench\'s own sshd test hosts (bench/deployment.bench.ts)'))
    return
  }

  for (const [index, deployTarget] of config.deploy.targets.entries()) {
    // Copy samples need a store check each; the activation's limits depend on the host's kind, known only later.
    const timeout = testTimeoutMs(copySettings, { commandsPerIteration: 2, setupCommands: 4 }) + testTimeoutMs(benchSettings(config, 'target-activation'))
    test(`deploy ${deployTarget.host} to ${deployTarget.ssh}`, { timeout }, async (context) => {
      const flake = await benchedFlake()
      context.task.meta.flakebenchTarget = flake.description
      const host = flake.hosts.find((candidate) => candidate.name === deployTarget.host)
      if (!host) {
        throw new FlakebenchError(`deploy.targets[${index}].host: ${flake.flakeRef} has no host "${deployTarget.host}"; its hosts are ${flake.hosts.map((known) => known.name).join(', ')}`, {
          hint: 'name one of those hosts, or add it to hosts in the config',
        })
      }
      const id = `deployment/targets/${host.name}@${deployTarget.ssh}`
      const copyId = deployTargetCopyId(host.name, deployTarget.ssh)
      const unbuildable = await flake.unbuildableReason(host)
      if (unbuildable) return skip(context, copyId, 'copy the closure', host.name, `cannot build ${host.name} to deploy it: ${unbuildable}`)

      // Untimed: the closure, built (or found) in your Nix store as a deploy would, and its paths.
      const call = { env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs, signal: context.signal }
      const built = JSON.parse(await runChecked(nixCommand({ ...call, args: ['build', '--no-link', '--json', `${flake.flakeRef}#${host.attr}`] }))) as Array<{ outputs: Record<string, string> }>
      const outPath = built[0]!.outputs.out!
      const closure = parsePathInfo(await runChecked(nixCommand({ ...call, args: ['path-info', '--recursive', '--json', '--size', outPath] })))
      const closureBytes = closure.reduce((sum, entry) => sum + entry.narSize, 0)
      const narSizes = new Map(closure.map((entry) => [entry.path, entry.narSize]))
      const link = await probeSshLink(deployTarget, { ...LINK_PROBE_DEFAULTS, timeoutMs: config.timeoutMs, signal: context.signal })
      let missingPaths: string[] = []

      const copy = await recordBench(context, {
        id: copyId, concern, name: `copy the closure (${DEPLOY_TARGET_CLIENT})`, host: host.name, pairKey: null,
        settings: copySettings,
        cacheState: { intended: 'not-applicable', verifiedBy: 'before each sample, the closure paths missing on the machine are counted (pathsCopied; it keeps what earlier samples copied); after it every closure path is valid there, the client\'s "copying N paths" gives those that crossed the link (pathsTransferred) and the rest the machine substituted (pathsSubstituted)' },
        scenario: {
          prepare: async () => {
            const check = await runCommand(ssh(deployTarget, [['nix-store', '--check-validity', '--print-invalid', ...closure.map((entry) => entry.path)]], context.signal))
            if (check.sample.exitCode !== 0) throw new CacheStateError(`cannot read the Nix store of ${deployTarget.ssh} (exit code ${check.sample.exitCode}): ${check.stderr.trim()}`)
            missingPaths = check.stdout.split('\n').filter(Boolean)
          },
          command: () => nixCommand({
            ...call,
            env: { ...call.env, NIX_SSHOPTS: deployTarget.sshOptions.join(' ') },
            args: ['copy', '--to', `ssh-ng://${deployTarget.ssh}`, '--no-check-sigs', outPath],
          }),
          inspect: async (run) => {
            const check = await runCommand(ssh(deployTarget, [['nix-store', '--check-validity', '--print-invalid', ...closure.map((entry) => entry.path)]], context.signal))
            const stillMissing = check.stdout.split('\n').filter(Boolean).length
            if (check.sample.exitCode !== 0 || stillMissing > 0) throw new CacheStateError(`after the copy, ${stillMissing} of ${closure.length} closure paths are not valid on ${deployTarget.ssh}: ${check.stderr.trim()}`)
            // Nix before 2.20 lets the machine substitute over ssh-ng when the client sets builders-use-substitutes.
            const reported = clientCopiedPaths(run.stderr)
            if (reported === null && missingPaths.length > 0) throw new CacheStateError(`nix copy printed no "copying N paths" line while ${missingPaths.length} paths were missing on ${deployTarget.ssh}: how many crossed the link is unknown`)
            const pathsTransferred = reported ?? 0
            if (pathsTransferred > missingPaths.length) throw new CacheStateError(`the client reported copying ${pathsTransferred} paths, but only ${missingPaths.length} were missing on ${deployTarget.ssh}`)
            return {
              pathsCopied: missingPaths.length,
              pathsTransferred,
              pathsSubstituted: missingPaths.length - pathsTransferred,
              narBytesCopied: missingPaths.reduce((sum, path) => sum + (narSizes.get(path) ?? 0), 0),
              closurePaths: closure.length,
              closureBytes,
              linkRttMs: link.rttMs,
              linkMbitPerS: link.mbitPerS,
            } satisfies CountersOf<'deployment-targets'>
          },
        },
      })
      expect.soft(copy).toMeetThreshold()

      const commands = activationCommands(host, deployTarget, index)
      if ('skip' in commands) {
        recordOutcome(context, { id: `${id}/activation`, concern, name: config.deploy.mode, host: host.name, command: null, pairKey: null, status: 'skipped', reason: commands.skip })
        return
      }
      const withOut = commands.map((command) => command.map((argument) => argument.replaceAll('{out}', outPath)))
      const activation = await recordBench(context, {
        id: `${id}/activation`, concern, name: `${config.deploy.mode} over ssh`, host: host.name, pairKey: null,
        settings: benchSettings(config, 'target-activation', host),
        cacheState: { intended: 'not-applicable', verifiedBy: null },
        scenario: { command: () => ssh(deployTarget, withOut, context.signal) },
      })
      expect.soft(activation).toMeetThreshold()
    })
  }
})
