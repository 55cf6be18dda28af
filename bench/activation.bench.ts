import { lstat, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test, type TestContext } from 'vitest'
import { useBuildState } from '../helpers/builds/build-state.ts'
import type { BenchKey } from '../helpers/config/defaults.ts'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { CacheStateError } from '../helpers/errors.ts'
import { fixtureHosts } from '../helpers/generate/fixture-flake.ts'
import type { FlakeHost } from '../helpers/flake/configurations.ts'
import { recordBench, recordOutcome } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import type { CountersOf } from '../helpers/model/concerns.ts'
import { runChecked } from '../helpers/process/run-command.ts'

const { config } = loadConfig()
const concern = 'activation'
const buildState = useBuildState(config)

/** What an activation root holds: managed links, generations, hook runs. */
async function inspectRoot(root: string): Promise<{ links: number; generations: number; hookRuns: number }> {
  const links = await readdir(join(root, 'etc')).catch(() => [])
  for (const name of links) if (!(await lstat(join(root, 'etc', name))).isSymbolicLink()) throw new CacheStateError(`${name} in the activated root is not a link`)
  const generations = (await readdir(join(root, 'generations')).catch(() => [])).length
  const hookRuns = (await readFile(join(root, 'activation.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length
  return { links: links.length, generations, hookRuns }
}

/**
 * Each host's activation script, built once (untimed) into a store of its own, shared with the deployment bench.
 * The script lives in the chroot store; its links name /nix/store paths, as on the machine it would activate.
 */
async function activationScript(context: TestContext, host: FlakeHost): Promise<string> {
  const { storeRoot, script } = await (await buildState()).activationPackage(host, context.signal)
  return `${storeRoot}${script}`
}

describe(concern, () => {
  if (config.flake) {
    test('activation', (context) => {
      const reason = 'activation runs the embedded fixture\'s activation scripts into a throwaway root; activating your hosts cannot be configured yet'
      recordOutcome(context, { id: 'activation/activation', concern, name: 'activation', host: null, command: null, pairKey: null, status: 'skipped', reason })
      context.skip(reason)
    })
    return
  }

  for (const host of fixtureHosts(config.fixture).slice(0, config.fixture.builtHosts)) {
    for (const [key, name, reactivate] of [['first-activation', 'first activation', false], ['reactivation', 're-activation, nothing changed', true]] as Array<[BenchKey, string, boolean]>) {
      const settings = benchSettings(config, key, host)
      test(`${name} (${host.name})`, { timeout: testTimeoutMs(settings, { setupCommands: 3 }) }, async (context) => {
        const build = await buildState()
        context.task.meta.flakebenchTarget = build.flake.description
        const script = await activationScript(context, host)
        const root = join(build.workspace.newPath('store'), 'root')
        const command = () => ({ file: 'sh', args: [script, root], timeoutMs: config.timeoutMs, signal: context.signal })
        let expected: Awaited<ReturnType<typeof inspectRoot>> | null = null
        const outcome = await recordBench(context, {
          id: `activation/${key}/${host.name}`, concern, name, host: host.name, pairKey: null,
          settings,
          cacheState: { intended: 'not-applicable', verifiedBy: null },
          scenario: {
            prepare: async () => {
              await rm(root, { recursive: true, force: true })
              if (!reactivate) return
              await runChecked(command())
              expected = await inspectRoot(root)
            },
            command,
            inspect: async () => {
              const state = await inspectRoot(root)
              if (state.links === 0 || state.generations !== 1) throw new CacheStateError(`activation of ${host.name} left ${state.links} links and ${state.generations} generations; expected links and exactly 1 generation`)
              if (expected && (state.hookRuns !== expected.hookRuns || state.links !== expected.links)) {
                throw new CacheStateError(`re-activating an unchanged ${host.name} changed the root: ${JSON.stringify(expected)} → ${JSON.stringify(state)}`)
              }
              return { managedLinks: state.links, generations: state.generations, hookRuns: state.hookRuns } satisfies CountersOf<'activation'>
            },
          },
        })
        expect(outcome).toMeetThreshold()
      })
    }
  }
})
