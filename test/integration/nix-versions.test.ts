import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import { NIX_BUILD_DEFAULTS, NIX_VERSION_COPY_CLOSURE } from '../../helpers/config/defaults.ts'
import { detectNixBuilds, selectNixBuilds } from '../../helpers/process/nix-builds.ts'
import { benchWorkspace, QUICK_CONFIG, runBench } from './bench-run.ts'

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

const available = await detectNixBuilds(selectNixBuilds(undefined))
const system = available.builds.find((build) => build.label === NIX_BUILD_DEFAULTS.systemLabel)
const copyClients = ['nix copy ssh-ng://', 'nix-copy-closure', 'nix copy ssh://']

describe('bench/nix-versions.bench.ts (quick config, real nix)', { timeout: 300_000 }, () => {
  // Needs the second Nix (scripts/install-second-nix.sh, run by `npm test`'s setup as root).
  test.skipIf(available.builds.length < 2)('with two Nix builds: every matrix bench on each, rows with counters, each bench names its Nix', async () => {
    const run = await runBench(join(workspace.dir, 'two'), { ...QUICK_CONFIG, fixture: { ...QUICK_CONFIG.fixture, darwinHosts: 0 } }, { files: ['bench/nix-versions.bench.ts'] })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    const labels = available.builds.map((build) => build.label)
    for (const bench of results.benchmarks) {
      expect(bench.status, bench.id).toBe('measured')
      expect(labels, `${bench.id} names its Nix`).toContain(bench.nix?.label)
    }
    const matrix = results.nixVersions!
    expect(matrix.builds.map((build) => build.version)).toEqual(available.builds.map((build) => build.info.version))
    expect(matrix.rows.map((row) => `${row.name}${row.host ? ` (${row.host})` : ''}`)).toEqual([
      'cold nix flake show', 'warm nix flake show', 'nix flake check --no-build', 'evaluate top-level drvPath (vps)', 'uncached build (vps)', 'cached build (signed file:// cache) (vps)',
      ...copyClients.flatMap((client) => labels.map((remote) => `closure copy (${client}) to a ${remote} host`)),
    ])
    // Closure copies by every client (full profile): each client Nix to a host running each Nix (old→new, new→old,
    // same→same), every path sent; the row names the client, the clients' Nix and the remote's.
    const [oldNix, newNix] = available.builds
    for (const client of copyClients) {
      for (const remote of available.builds) {
        const copyRow = matrix.rows.find((entry) => entry.client === client && entry.remoteNix === remote.label)!
        expect([copyRow.client, copyRow.baselineNix, copyRow.variantNix, copyRow.remoteNix]).toEqual([client, oldNix!.label, newNix!.label, remote.label])
        for (const [id, clientNix] of [[copyRow.baselineId, oldNix!], [copyRow.variantId, newNix!]] as const) {
          const bench = results.benchmarks.find((entry) => entry.id === id)!
          if (bench.status !== 'measured') throw new Error(`${id} was not measured`)
          expect(bench.nix?.version, `${id}: the client's Nix`).toBe(clientNix.info.version)
          expect(bench.facts, id).toMatchObject({ client, remoteNix: `${remote.label} (${remote.info.implementation} ${remote.info.version})` })
          for (const sample of bench.samples) expect(sample.counters, `${id}: every path sent`).toMatchObject({ closurePaths: NIX_VERSION_COPY_CLOSURE.paths, pathsTransferred: NIX_VERSION_COPY_CLOSURE.paths, pathsSubstituted: 0 })
        }
        expect(copyRow.counters.find((entry) => entry.counter === 'closurePaths')).toMatchObject({ baseline: NIX_VERSION_COPY_CLOSURE.paths, variant: NIX_VERSION_COPY_CLOSURE.paths })
      }
    }
    const row = (name: string) => matrix.rows.find((entry) => entry.name === name)!
    // Exact counters: the same evaluation calls the same functions on both versions, and a cold run evaluates.
    const calls = row('cold nix flake show').counters.find((entry) => entry.counter === 'nrFunctionCalls')!
    expect(calls.baseline).toBeGreaterThan(0)
    expect(calls.variant).toBe(calls.baseline)
    expect(row('warm nix flake show').counters.find((entry) => entry.counter === 'nrFunctionCalls')).toMatchObject({ baseline: 0, variant: 0 })
    const built = row('uncached build').counters.find((entry) => entry.counter === 'derivationsBuilt')!
    expect(built.baseline, 'an uncached build builds').toBeGreaterThan(0)
    expect(built.variant, 'the same derivations on both versions').toBe(built.baseline)
    expect(row('cached build (signed file:// cache)').counters.find((entry) => entry.counter === 'derivationsBuilt')).toMatchObject({ baseline: 0, variant: 0 })
    // Two samples a side: too few for an interval, and the report says so rather than guess.
    expect(matrix.rows.every((entry) => entry.ratioCi95 === null && entry.verdict === 'unresolved')).toBe(true)
    const markdown = await readFile(run.markdown, 'utf8')
    expect(markdown).toContain('## Nix versions\n')
    expect(markdown).toContain(`| Bench | ${labels[0]} | ${labels[1]} | Ratio | 95 % CI | Verdict |`)
    expect(markdown).toContain(`the test host copied to ran the Nix its row names (${labels.join(', ')}). Copy clients compared: ${copyClients.join(', ')}`)
  })

  test.skipIf(!system)('with one Nix: every matrix bench skipped, saying why the matrix has one column', async () => {
    const run = await runBench(join(workspace.dir, 'one'), { ...QUICK_CONFIG, nix: [{ label: 'only', path: system!.path }] }, { files: ['bench/nix-versions.bench.ts'] })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    expect(results.run.status).toBe('passed')
    const reasons = results.benchmarks.map((bench) => (bench.status === 'skipped' ? bench.reason : `${bench.id} not skipped`))
    expect(reasons.length, 'six matrix benches and a closure copy per client').toBe(9)
    for (const reason of reasons) expect(reason).toBe(`only one Nix is available (only: ${system!.info.versionLine}); name a second one in FLAKEBENCH_NIX or the config's "nix"`)
    expect(results.nixVersions?.oneColumnReason).toBe(reasons[0])
    expect(await readFile(run.markdown, 'utf8')).toContain(`## Nix versions\n\nOne column only (only (nix ${system!.info.version})): ${reasons[0]}.`)
  })
})
