import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createBinaryCache } from '../../helpers/builds/binary-cache.ts'
import { BuildWorkspace } from '../../helpers/builds/build-workspace.ts'
import { inspectBuild, nixBuild } from '../../helpers/builds/host-build.ts'
import { ConfigSchema } from '../../helpers/config/schema.ts'
import { CacheStateError } from '../../helpers/errors.ts'
import { createFixtureFlake, removeFixtureFlake } from '../../helpers/generate/fixture-flake.ts'
import { nixEnvironment } from '../../helpers/process/nix.ts'
import { runChecked, runCommand } from '../../helpers/process/run-command.ts'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, runBench, sampleCounters } from './bench-run.ts'

/** Four modules, one NixOS host, packages of 16 KiB and little CPU: every build takes well under a second. */
const SMALL_FIXTURE = { modules: 4, nixosHosts: 1, darwinHosts: 0, packageCpuIterations: 2000, packageOutputBytes: 16_384 }

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

describe('builds bench (real nix, chroot stores)', { timeout: 300_000 }, () => {
  test('uncached builds everything, cached substitutes everything, remote builders build it all; no temporary store is left behind', async () => {
    const tmpdir = join(workspace.dir, 'tmp')
    await mkdir(tmpdir)
    const run = await runBench(workspace.dir, {
      fixture: SMALL_FIXTURE, iterations: 2, timeoutMs: 60_000, benches: { 'distributed-build': { iterations: 1 } },
    }, { files: ['bench/builds.bench.ts'], tmpdir })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    const counters = (id: string) => sampleCounters(results, id)
    // The vps host has modules 1, 2 and 4 (3 is darwin-only) plus its top level: 4 derivations.
    for (const sample of counters('builds/uncached-build/vps')) expect(sample).toMatchObject({ derivationsBuilt: 4, pathsSubstituted: 0, closurePaths: 4 })
    for (const sample of counters('builds/cached-build/vps')) expect(sample).toMatchObject({ derivationsBuilt: 0, pathsSubstituted: 4 })
    // Module 1 changed: it, module 4 (which depends on it) and the top level are rebuilt; module 2 is substituted.
    for (const sample of counters('builds/partial-build/vps')) expect(sample).toMatchObject({ derivationsBuilt: 3, pathsSubstituted: 1 })
    for (const sample of counters('builds/incremental-build/vps')) expect(sample).toMatchObject({ derivationsBuilt: 3, pathsSubstituted: 0 })
    for (const id of ['builds/distributed/vps/1-builders', 'builds/distributed/vps/2-builders']) {
      for (const sample of counters(id)) expect(sample, id).toMatchObject({ derivationsBuilt: 4 })
    }
    expect(results.speedUps.map((pair) => pair.pairKey)).toEqual(['max-jobs 1 → auto (vps)', 'remote builders 1 → 2 (vps)'])
    expect(results.cacheEffectiveness.map((pair) => pair.pairKey)).toEqual(['build (vps)'])
    expect(await readdir(tmpdir), 'stores, caches, keys and the fixture are removed').toEqual([])
  })

  test('a cache whose paths are not signed makes Nix build silently, and the cached bench says so', async () => {
    const fixture = await createFixtureFlake(ConfigSchema.parse({ fixture: SMALL_FIXTURE }).fixture)
    const stores = await BuildWorkspace.create()
    try {
      const call = { env: nixEnvironment({ offline: true }), timeoutMs: 60_000 }
      const host = fixture.hosts[0]!
      const seedStore = stores.newPath('store')
      const built = JSON.parse(await runChecked(nixBuild({ storeRoot: seedStore, installables: [`${fixture.dir}#${host.attr}`], caches: [], call }))) as Array<{ outputs: { out: string } }>
      const unsigned = await createBinaryCache({ dir: stores.newPath('cache'), fromStoreRoot: seedStore, path: built[0]!.outputs.out, signed: false, call })
      const storeRoot = stores.newPath('store')
      const spec = nixBuild({ storeRoot, installables: [`${fixture.dir}#${host.attr}`], caches: [unsigned], call })
      const run = await runCommand(spec)
      expect(run.sample.exitCode).toBe(0)
      const inspected = inspectBuild(run, 'cached', storeRoot, call)
      await expect(inspected).rejects.toBeInstanceOf(CacheStateError)
      await expect(inspected).rejects.toThrow(/the cached build built 4 derivation\(s\) instead of substituting them .*\n→ Nix builds silently when a substitute is missing or its signature is not trusted/)
    } finally {
      await stores.dispose()
      await removeFixtureFlake(fixture)
    }
  })
})
