import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createBinaryCache } from '../../helpers/builds/binary-cache.ts'
import { BuildWorkspace } from '../../helpers/builds/build-workspace.ts'
import { nixBuild } from '../../helpers/builds/host-build.ts'
import { createPartsFlake, removePartsFlake, type PartsFlake } from '../../helpers/generate/parts-flake.ts'
import { TestHosts } from '../../helpers/hosts/test-hosts.ts'
import { nixEnvironment } from '../../helpers/process/nix.ts'
import { runChecked } from '../../helpers/process/run-command.ts'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, runBench, sampleCounters } from './bench-run.ts'

/**
 * The benches against a flake that is not the embedded fixture: the second fixture (flake-parts-like perSystem,
 * modules in nested folders, home-only hosts, a darwin host for aarch64-darwin), configured only by its reference.
 */
let workspace: Awaited<ReturnType<typeof benchWorkspace>>
let flake: PartsFlake
beforeAll(async () => {
  workspace = await benchWorkspace()
  flake = await createPartsFlake()
})
afterAll(async () => {
  await removePartsFlake(flake)
  await workspace.dispose()
})

const outcome = (results: Awaited<ReturnType<typeof readResults>>, id: string) => results.benchmarks.find((bench) => bench.id === id)

describe('the second fixture as your flake (real nix)', { timeout: 240_000 }, () => {
  test('discovery from the flake reference alone: every host evaluated, builds skipped with the reason they need', async () => {
    const run = await runBench(workspace.dir, { flake: flake.dir, iterations: 1 }, { files: ['bench/flake-evaluation.bench.ts', 'bench/builds.bench.ts'] })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    expect(results.target).toMatchObject({ kind: 'flake', flakeRef: flake.dir, revision: flake.revision })
    expect(results.mode).toMatchObject({ deploy: 'none', storePathsDeleted: 'none' })
    for (const host of flake.hosts) {
      expect(outcome(results, `flake-evaluation/host-evaluation/${host.name}`), host.name).toMatchObject({ status: 'measured', facts: { drvPath: expect.stringMatching(/\.drv$/) } })
    }
    expect(outcome(results, 'flake-evaluation/cold-flake-show')).toMatchObject({ status: 'measured', cacheState: { verifiedBy: expect.stringContaining('the flake source stays in your store') } })
    expect(outcome(results, 'builds/uncached-build/web')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('set builds.fromSource to true') })
    expect(outcome(results, 'builds/cached-build/web')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('set builds.binaryCache') })
    expect(outcome(results, 'builds/uncached-build/studio')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^needs an aarch64-darwin builder/) })
    expect(await readFile(run.markdown, 'utf8')).toContain('deployed nowhere')
  })

  test('builds from source: NixOS and home hosts built in every cache state, the darwin host skipped', async () => {
    const run = await runBench(workspace.dir, { flake: flake.dir, iterations: 1, builds: { fromSource: true, changedFlake: flake.changedFlakeRef } }, { files: ['bench/builds.bench.ts'] })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    for (const host of ['web', 'alice@web', 'bob@laptop']) {
      for (const kind of ['uncached-build', 'cached-build', 'partial-build', 'incremental-build']) {
        expect(outcome(results, `builds/${kind}/${host}`), `${kind} of ${host}`).toMatchObject({ status: 'measured' })
      }
      const [uncached] = sampleCounters(results, `builds/uncached-build/${host}`)
      const [cached] = sampleCounters(results, `builds/cached-build/${host}`)
      expect(uncached!.derivationsBuilt, host).toBeGreaterThan(3)
      expect(cached!.derivationsBuilt, host).toBe(0)
    }
    for (const kind of ['uncached-build', 'cached-build', 'partial-build', 'incremental-build']) {
      expect(outcome(results, `builds/${kind}/studio`)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^needs an aarch64-darwin builder/) })
    }
  })

  test('builds.binaryCache: the cached build substitutes from your cache into an empty store, nothing built; no source builds', async () => {
    const stores = await BuildWorkspace.create()
    try {
      const call = { env: nixEnvironment({ offline: true }), timeoutMs: 60_000 }
      const web = flake.hosts[0]!
      const seedStore = stores.newPath('store')
      const [built] = JSON.parse(await runChecked(nixBuild({ storeRoot: seedStore, installables: [`${flake.dir}#${web.attr}`], caches: [], call }))) as Array<{ outputs: { out: string } }>
      const cache = await createBinaryCache({ dir: stores.newPath('cache'), fromStoreRoot: seedStore, path: built!.outputs.out, signed: true, call })
      const run = await runBench(workspace.dir, {
        flake: flake.dir, iterations: 2, hosts: [{ name: web.name, attr: web.attr }],
        builds: { binaryCache: { url: cache.url, publicKey: cache.publicKey } },
      }, { files: ['bench/builds.bench.ts'] })
      expect(run.exitCode, run.output).toBe(0)
      const results = await readResults(run.resultsJson)
      for (const sample of sampleCounters(results, 'builds/cached-build/web')) expect(sample).toMatchObject({ derivationsBuilt: 0, pathsSubstituted: expect.any(Number) })
      expect(sampleCounters(results, 'builds/cached-build/web')[0]!.pathsSubstituted).toBeGreaterThan(3)
      expect(outcome(results, 'builds/uncached-build/web')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('builds.fromSource') })
      expect(outcome(results, 'builds/partial-build/web')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('builds.changedFlake') })
    } finally {
      await stores.dispose()
    }
  })

  test('configured hosts that do not exist are named, with what exists instead', async () => {
    const run = await runBench(workspace.dir, { flake: flake.dir, iterations: 1, hosts: [{ name: 'db', attr: 'nixosConfigurations.db.config.system.build.toplevel' }] }, { files: ['bench/flake-evaluation.bench.ts'] })
    expect(run.exitCode).toBe(1)
    expect(run.output).toContain('hosts[0].attr (db): nixosConfigurations has no "db"; it has web')
  })

  test('a flake that does not evaluate fails with Nix\'s own error and what to do', async () => {
    const broken = join(workspace.dir, 'broken-flake')
    await mkdir(broken, { recursive: true })
    await writeFile(join(broken, 'flake.nix'), '{ outputs = { self }: { nixosConfigurations = builtins.throw "the host list is broken"; }; }\n')
    const run = await runBench(workspace.dir, { flake: `path:${broken}`, iterations: 1 }, { files: ['bench/flake-evaluation.bench.ts'] })
    expect(run.exitCode).toBe(1)
    expect(run.output).toContain('the host list is broken')
    expect(run.output).toContain(`the flake path:${broken} does not evaluate`)
  })
})

describe('deploying to your machines (real sshd test hosts standing in for them)', { timeout: 240_000 }, () => {
  let hosts: TestHosts
  beforeAll(async () => { hosts = await TestHosts.start(1, { mode: 'loopback' }) }, 180_000)
  afterAll(() => hosts?.dispose())

  /** The host's chroot store holds the closure under its root; a real machine's command is just "{out}/…". */
  const deployTarget = (host = hosts.hosts[0]!, command: string[]) => ({
    host: 'web',
    ssh: `${host.user}@${host.address}`,
    sshOptions: host.sshOptions,
    command,
  })

  test('copy and dry-activate by default: the closure arrives, the machine reports what it would do, nothing is activated', async () => {
    const host = hosts.hosts[0]!
    const activationRoot = join(workspace.dir, 'activation-root')
    await mkdir(activationRoot, { recursive: true })
    const script = `${host.storeRoot}{out}/bin/switch-to-configuration`
    const run = await runBench(workspace.dir, {
      flake: flake.dir, iterations: 2,
      deploy: { targets: [deployTarget(host, ['env', `FLAKEBENCH_ACTIVATION_ROOT=${activationRoot}`, script, 'dry-activate'])] },
    }, { files: ['bench/deployment-targets.bench.ts'] })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    expect(results.mode).toEqual({ profile: 'full', deploy: 'dry-activate', terraform: 'embedded', storePathsDeleted: 'none' })
    const id = `deployment/targets/web@${host.user}@${host.address}`
    const copies = sampleCounters(results, `${id}/copy`)
    expect(copies[0]!.pathsCopied, 'the first sample copies the closure').toBeGreaterThan(3)
    expect(copies[1]!.pathsCopied, 'the second finds it there').toBe(0)
    expect(outcome(results, `${id}/activation`)).toMatchObject({ status: 'measured', name: 'dry-activate over ssh' })
    expect(await readdir(activationRoot), 'dry-activate changed nothing').toEqual([])
    expect(await readFile(run.markdown, 'utf8')).toContain('dry-activated them (nothing changed)')
  })

  test('switch is refused without allow.switch, naming the setting; with it, the machine is switched', async () => {
    const host = hosts.hosts[0]!
    const activationRoot = join(workspace.dir, 'switch-root')
    await mkdir(activationRoot, { recursive: true })
    const command = ['env', `FLAKEBENCH_ACTIVATION_ROOT=${activationRoot}`, `${host.storeRoot}{out}/bin/switch-to-configuration`, 'switch']
    const refused = await runBench(workspace.dir, { flake: flake.dir, iterations: 1, deploy: { mode: 'switch', targets: [deployTarget(host, command)] } }, { files: ['bench/deployment-targets.bench.ts'] })
    expect(refused.exitCode).toBe(1)
    expect(refused.output).toContain('deploy.mode: "switch" activates new configurations on your machines: set allow.switch to true')
    expect(await readdir(activationRoot)).toEqual([])

    const allowed = await runBench(workspace.dir, { flake: flake.dir, iterations: 1, allow: { switch: true }, deploy: { mode: 'switch', targets: [deployTarget(host, command)] } }, { files: ['bench/deployment-targets.bench.ts'] })
    expect(allowed.exitCode, allowed.output).toBe(0)
    expect(await readdir(activationRoot)).toEqual(['current-system'])
    expect((await readResults(allowed.resultsJson)).mode.deploy).toBe('switch')
  })
})
