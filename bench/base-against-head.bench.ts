import type { TestContext } from 'vitest'
import { afterAll, describe, expect, test } from 'vitest'
import { benchSettings, loadConfig, type BenchSettings } from '../helpers/config/load.ts'
import { COMPARE_DEFAULTS } from '../helpers/config/defaults.ts'
import type { FlakebenchConfig } from '../helpers/config/schema.ts'
import { diffClosures, sameKindClosures } from '../helpers/flake/closure-difference.ts'
import { openSide, type CompareSide } from '../helpers/flake/compare-sides.ts'
import { countHostWork } from '../helpers/flake/count-calls.ts'
import { EvalCaches } from '../helpers/flake/eval-caches.ts'
import { diffWork } from '../helpers/flake/work-by-file.ts'
import { recordBaseAgainstHead } from '../helpers/measure/compare-meta.ts'
import { recordInterleaved, recordOutcome, type BenchDefinition } from '../helpers/measure/record-bench.ts'
import type { Scenario } from '../helpers/measure/scenario.ts'
import type { ClosureDifference, HostWork, SideBySide } from '../helpers/model/base-against-head.ts'
import type { BenchOutcome, MeasuredBench } from '../helpers/model/results-schema.ts'
import { nixEnvironment } from '../helpers/process/nix.ts'
import { firedRules, sideBySide } from '../helpers/statistics/side-by-side.ts'

const { config } = loadConfig()
// Not "base against head": that is the heading of PERFORMANCE.md's verdict section.
const concern = 'base and head, interleaved'
const SKIP_REASON = 'no base/head configured: set compare.base and compare.head, FLAKEBENCH_BASE and FLAKEBENCH_HEAD, or run `flakebench compare <base> <head>`'

const caches: EvalCaches[] = []
afterAll(() => Promise.all(caches.map((cache) => cache.dispose())))

/** Each side's own caches: its cold and warm states never touch the other's. The flake is "yours" (see runMode). */
async function sideCaches(side: CompareSide, signal: AbortSignal): Promise<EvalCaches> {
  const cache = await EvalCaches.create({ ...config, flake: side.flakeRef }, side.flakeRef, signal)
  caches.push(cache)
  return cache
}

interface EvaluationBench {
  key: string
  name: string
  host: string | null
  settings: BenchSettings
  definition: (side: CompareSide, cache: EvalCaches) => Pick<BenchDefinition, 'cacheState' | 'scenario'>
  prime?: (side: CompareSide, cache: EvalCaches) => Promise<unknown>
}

/** The evaluation benches of bench/flake-evaluation.bench.ts, each for both sides. */
function evaluationBenches(hosts: ReadonlyArray<{ name: string; attr: string; kind: string }>): EvaluationBench[] {
  const labelled = (side: CompareSide, spec: ReturnType<EvalCaches['nix']>) => ({ ...spec, label: side.label })
  const show = (side: CompareSide, cache: EvalCaches) => labelled(side, cache.nix(['flake', 'show', '--json', side.flakeRef]))
  return [
    {
      key: 'cold-flake-show', name: 'cold nix flake show', host: null, settings: benchSettings(config, 'cold-flake-show'),
      definition: (side, cache) => ({
        cacheState: () => cache.state('cold', `before each sample: eval and fetcher caches emptied${cache.deletesSource ? ', flake source deleted from the store' : ''}; after: nrFunctionCalls > 0`),
        scenario: { prepare: () => cache.makeCold(), command: () => show(side, cache), inspect: () => cache.inspect('cold') },
      }),
    },
    {
      key: 'warm-flake-show', name: 'warm nix flake show', host: null, settings: benchSettings(config, 'warm-flake-show'),
      prime: (side, cache) => cache.primeUntilCached(['flake', 'show', '--json', side.flakeRef]),
      definition: (side, cache) => ({
        cacheState: () => cache.state('warm', 'primed; nrFunctionCalls == 0 in every sample (the eval cache answered)'),
        scenario: { command: () => show(side, cache), inspect: () => cache.inspect('warm') },
      }),
    },
    {
      key: 'flake-check', name: 'nix flake check --no-build', host: null, settings: benchSettings(config, 'flake-check'),
      definition: (side, cache) => ({
        cacheState: { intended: 'not-applicable', verifiedBy: null },
        scenario: { command: () => labelled(side, cache.nix(['flake', 'check', '--no-build', side.flakeRef])), inspect: () => cache.inspect('not-applicable') },
      }),
    },
    ...hosts.map((host): EvaluationBench => ({
      key: `host-evaluation/${host.name}`, name: 'evaluate top-level drvPath', host: host.name, settings: benchSettings(config, 'host-evaluation', host),
      definition: (side, cache) => ({
        cacheState: { intended: 'not-applicable', verifiedBy: null },
        scenario: {
          command: () => labelled(side, cache.nix(['eval', '--raw', `${side.flakeRef}#${attrOf(side, host.name)}.drvPath`])),
          inspect: () => cache.inspect('not-applicable'),
          facts: (run) => ({ drvPath: run.stdout.trim() }),
        } satisfies Omit<Scenario, 'label' | 'iterations' | 'warmupIterations'>,
      }),
    })),
  ]
}

function attrOf(side: CompareSide, host: string): string {
  return side.hosts.find((candidate) => candidate.name === host)!.attr
}

/** Base and head of one bench interleaved sample by sample (B H B H …), so drift on the machine hits both alike. */
async function measureBothSides(context: TestContext, bench: EvaluationBench, sides: readonly CompareSide[]): Promise<BenchOutcome[]> {
  const definitions = await Promise.all(sides.map(async (side): Promise<BenchDefinition> => {
    const cache = await sideCaches(side, context.signal)
    await bench.prime?.(side, cache)
    return { id: `base-against-head/${side.side}/${bench.key}`, concern, name: `${side.side}: ${bench.name}`, host: bench.host, pairKey: null, settings: bench.settings, ...bench.definition(side, cache) }
  }))
  return recordInterleaved(context, definitions)
}

/** Where each common host's evaluation work went, per file, from one untimed counting run per side. */
async function whereTheWorkWent(base: CompareSide, head: CompareSide, hosts: readonly string[], signal: AbortSignal): Promise<HostWork[]> {
  const call = (side: CompareSide) => ({ env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs, signal, label: side.label })
  const work: HostWork[] = []
  for (const host of hosts) {
    const [baseCounts, headCounts] = [await countHostWork(base.flakeRef, attrOf(base, host), base.sources, call(base)), await countHostWork(head.flakeRef, attrOf(head, host), head.sources, call(head))]
    work.push(diffWork(host, baseCounts, headCounts, COMPARE_DEFAULTS.filesKeptPerHost))
  }
  return work
}

/** What each common host's closure gained, from the drvPaths the timed evaluations produced (nothing is built). */
async function closureDifferences(outcomes: ReadonlyMap<string, MeasuredBench>, hosts: readonly string[], signal: AbortSignal): Promise<ClosureDifference[]> {
  const call = { env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs, signal }
  const differences: ClosureDifference[] = []
  for (const host of hosts) {
    const baseDrv = outcomes.get(`base-against-head/base/host-evaluation/${host}`)?.facts.drvPath
    const headDrv = outcomes.get(`base-against-head/head/host-evaluation/${host}`)?.facts.drvPath
    if (!baseDrv || !headDrv) continue
    const [base, head] = await sameKindClosures(baseDrv, headDrv, call)
    differences.push(diffClosures(host, base, head))
  }
  return differences
}

/** The baseline's noise floor and regression tolerance apply to head against base too. */
function compareSettings(compare: NonNullable<FlakebenchConfig['compare']>) {
  const { noiseFloorPct, regressionTolerancePct } = config.baseline
  return { noiseFloorPct, regressionTolerancePct, workGrowthTolerancePct: compare.workGrowthTolerancePct }
}

describe(concern, () => {
  // Every evaluation bench on both sides, the counting runs and the closures: a generous ceiling, each command has its own timeout.
  const timeout = ((config.iterations ?? 10) + 2) * 2 * (4 + (config.hosts?.length ?? 20)) * config.timeoutMs
  test('base against head: evaluation interleaved, where the work went, closure difference', { timeout }, async (context) => {
    const compare = config.compare
    if (!compare) {
      recordOutcome(context, { id: 'base-against-head', concern, name: 'base against head', host: null, command: null, pairKey: null, status: 'skipped', reason: SKIP_REASON })
      return context.skip(SKIP_REASON)
    }
    const base = await openSide(config, 'base', compare.base, context.signal)
    const head = await openSide(config, 'head', compare.head, context.signal)
    const baseHosts = new Set(base.hosts.map((host) => host.name))
    const headHosts = new Set(head.hosts.map((host) => host.name))
    const common = head.hosts.filter((host) => baseHosts.has(host.name))
    const outcomes: BenchOutcome[] = []
    for (const bench of evaluationBenches(common)) outcomes.push(...(await measureBothSides(context, bench, [base, head])))

    const measured = new Map(outcomes.filter((outcome): outcome is MeasuredBench => outcome.status === 'measured').map((outcome) => [outcome.id, outcome]))
    const settings = compareSettings(compare)
    const benches: SideBySide[] = evaluationBenches(common).flatMap((bench) => {
      const [was, is] = [measured.get(`base-against-head/base/${bench.key}`), measured.get(`base-against-head/head/${bench.key}`)]
      return was && is ? [sideBySide(bench, was, is, settings)] : []
    })
    const commonNames = common.map((host) => host.name)
    recordBaseAgainstHead(context, {
      base: { flakeRef: base.flakeRef, revision: base.revision },
      head: { flakeRef: head.flakeRef, revision: head.revision },
      method: 'base and head interleaved sample by sample; ratio of medians head/base, 95 % percentile bootstrap (2000 resamples, seeded)',
      ...settings,
      benches,
      hostsAdded: head.hosts.map((host) => host.name).filter((name) => !baseHosts.has(name)),
      hostsRemoved: base.hosts.map((host) => host.name).filter((name) => !headHosts.has(name)),
      work: await whereTheWorkWent(base, head, commonNames, context.signal),
      closures: await closureDifferences(measured, commonNames, context.signal),
      rulesFired: firedRules(benches, settings),
    })
    for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
  })
})
