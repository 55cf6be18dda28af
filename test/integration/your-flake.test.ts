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
import { bytesPerMs, copyLaw, lawFit } from '../../helpers/judgements/copy-model.ts'
import { throughProfile } from '../../helpers/hosts/network-profile.ts'
import { predictCopy } from '../../helpers/statistics/copy-model.ts'
import { readResults, serializeResults } from '../../reports/results-file.ts'
import { performanceResults } from '../reports/results-factory.ts'
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

/** An earlier full run's results, its copy law given by hand (labelled: not measured), as deploy.copyLawsFrom reads them. */
function resultsWithHandGivenLaws() {
  const coefficient = (estimate: number) => ({ estimate, standardError: 1, low: estimate - 2, high: estimate + 2 })
  const handGiven = { fixedMs: coefficient(400), fixedMsPerPath: coefficient(3), roundTrips: coefficient(8), roundTripsPerPath: coefficient(0), bandwidthFactor: coefficient(1) }
  return performanceResults([], {
    run: { startedAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:15:00.000Z', status: 'passed', errors: [] },
    copyModel: {
      grid: { links: [{ rttMs: 5, bandwidthMbitPerS: 10 }, { rttMs: 50, bandwidthMbitPerS: 100 }], closures: [{ paths: 40, narBytes: 655_360 }, { paths: 10, narBytes: 1_310_720 }] },
      laws: [copyLaw('nix copy ssh-ng://', { coefficients: handGiven, residualSdMs: 100, n: 24, degreesOfFreedom: 19, covariance: Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]) }, null)],
      whatIf: [],
    },
  })
}

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

  test('copy and dry-activate by default over a 30 ms link: the closure arrives, the machine reports what it would do, nothing is activated; the copy is predicted from deploy.copyLawsFrom\'s laws at the probed link', async () => {
    const host = hosts.hosts[0]!
    const activationRoot = join(workspace.dir, 'activation-root')
    await mkdir(activationRoot, { recursive: true })
    const script = `${host.storeRoot}{out}/bin/switch-to-configuration`
    const lawsFile = join(workspace.dir, 'earlier-full-run.json')
    await writeFile(lawsFile, serializeResults(resultsWithHandGivenLaws()))
    const route = await throughProfile(host, { name: 'deploy-link', rttMs: 30, bandwidthMbitPerS: null })
    const run = await runBench(workspace.dir, {
      flake: flake.dir, iterations: 2,
      deploy: {
        copyLawsFrom: lawsFile,
        targets: [{ ...deployTarget(host, ['env', `FLAKEBENCH_ACTIVATION_ROOT=${activationRoot}`, script, 'dry-activate']), ssh: route.destination, sshOptions: route.sshOptions }],
      },
    }, { files: ['bench/deployment-targets.bench.ts'] }).finally(() => route.dispose())
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    expect(results.mode).toEqual({ profile: 'full', deploy: 'dry-activate', terraform: 'embedded', storePathsDeleted: 'none' })
    const id = `deployment/targets/web@${route.destination}`
    const copies = sampleCounters(results, `${id}/copy`)
    expect(copies[0]!.pathsCopied, 'the first sample copies the closure').toBeGreaterThan(3)
    expect(copies[1]!.pathsCopied, 'the second finds it there').toBe(0)
    expect(outcome(results, `${id}/activation`)).toMatchObject({ status: 'measured', name: 'dry-activate over ssh' })
    expect(await readdir(activationRoot), 'dry-activate changed nothing').toEqual([])
    const markdown = await readFile(run.markdown, 'utf8')
    expect(markdown).toContain('dry-activated them (nothing changed)')

    expect(copies[0]!.linkRttMs, 'the proxy\'s 30 ms are a floor').toBeGreaterThanOrEqual(30)
    expect(copies[0]!.narBytesCopied, 'the first sample sent the closure\'s bytes').toBe(copies[0]!.closureBytes)
    const predictions = results.deployPredictions!
    expect(predictions.laws).toMatchObject({ resultsFile: lawsFile, fittedAt: '2026-11-20T10:00:00.000Z', clients: ['nix copy ssh-ng://'] })
    const [row] = predictions.targets
    expect(row).toMatchObject({ benchId: `${id}/copy`, host: 'web', link: { rttMs: copies[0]!.linkRttMs }, copied: { ofSamples: 2 } })
    // Recomputed here from the recorded link and what was sent: the law's time, with its interval.
    const law = resultsWithHandGivenLaws().copyModel!.laws[0]!
    const sent = { rttMs: row!.link.rttMs, paths: row!.copied.paths, narBytes: row!.copied.narBytes, bandwidthBytesPerMs: bytesPerMs(row!.link.mbitPerS) }
    expect(row!.copied.prediction).toEqual(predictCopy(lawFit(law), sent))
    expect(markdown).toContain('## Your deploys against the copy laws')
    expect(markdown).toContain(`read from \`${lawsFile}\` (deploy.copyLawsFrom)`)
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
    const switched = await readResults(allowed.resultsJson)
    expect(switched.mode.deploy).toBe('switch')
    expect(switched.deployPredictions, 'no laws: the links are reported with how to get them').toMatchObject({ laws: null, reason: expect.stringContaining('deploy.copyLawsFrom') })
  })
})
