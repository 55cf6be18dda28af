/**
 * The concerns: one bench file each (bench/<concern>.bench.ts), and for each the counters its samples carry.
 * A concern is added here and then, forced by the compiler (`satisfies Record<Concern, …>`), in
 * helpers/config/defaults.ts CONCERN_DEFAULTS and reports/concerns.ts CONCERN_REPORTS; test/concerns.test.ts
 * checks that the bench file exists and the bench folder holds nothing unregistered.
 */
export const CONCERNS = [
  'harness-floor',
  'flake-evaluation',
  'builds',
  'activation',
  'deployment',
  'deployment-targets',
  'terraform',
  'scaling',
  'test-suite-scaling',
  'vars-scaling',
  'base-against-head',
  'nix-versions',
] as const
export type Concern = (typeof CONCERNS)[number]

/**
 * `exact`: the counter describes the work itself, not its speed; when it differs between two runs of a bench, the
 * run did something else (a faster evaluation of a different configuration is no speed-up). `measured`: a figure
 * read from the run (a time, a rate) that varies with load.
 */
export type CounterKind = 'exact' | 'measured'

/** NIX_SHOW_STATS counters (flattened with dots) that the report names; any evaluation bench records them. */
const NIX_SHOW_STATS = {
  nrFunctionCalls: 'exact',
  nrThunks: 'exact',
  'values.number': 'exact',
  cpuTime: 'measured',
  'gc.heapSize': 'measured',
  // Exact for a given input on Nix 2.8, but never compared as such so far: it depends on the GC's timing.
  'gc.totalBytes': 'measured',
} as const

/** The figures a closure copy or build reads from the store afterwards. */
const CLOSURE = { closurePaths: 'exact', closureBytes: 'exact' } as const

/** Terraform's per-resource apply times are recorded under this prefix, one counter per resource address. */
export const RESOURCE_APPLY_PREFIX = 'resourceApplyMs.'

export const CONCERN_COUNTERS = {
  'harness-floor': {},
  'flake-evaluation': NIX_SHOW_STATS,
  builds: {
    derivationsBuilt: 'exact',
    pathsSubstituted: 'exact',
    closureDerivations: 'exact',
    ...CLOSURE,
    narBytesSubstituted: 'measured',
    buildingMs: 'measured',
    substitutingMs: 'measured',
  },
  activation: { managedLinks: 'exact', generations: 'exact', hookRuns: 'measured' },
  deployment: {
    ...CLOSURE,
    pathsSubstituted: 'exact',
    hosts: 'exact',
    pathsTransferred: 'measured',
    pathsMissing: 'measured',
    narBytesTransferred: 'measured',
    bytesTransferred: 'measured',
    bytesReceived: 'measured',
    achievedRttMs: 'measured',
    // The paced link's bulk throughput, measured like achievedRttMs (absent on an unpaced link).
    achievedMbitPerS: 'measured',
    megabytesPerSecond: 'measured',
    msPerPath: 'measured',
    // The deploy phases' build: the same figures as the builds concern.
    derivationsBuilt: 'exact',
    buildingMs: 'measured',
    substitutingMs: 'measured',
  },
  // Your machines keep what the first sample copied, so the copy counts differ between samples by design.
  // The link is probed once, untimed, inside one ssh session (helpers/hosts/link-probe.ts); narBytesCopied is the NAR
  // bytes of the paths the machine lacked before the sample.
  'deployment-targets': { ...CLOSURE, pathsCopied: 'measured', pathsTransferred: 'measured', pathsSubstituted: 'measured', narBytesCopied: 'measured', linkRttMs: 'measured', linkMbitPerS: 'measured' },
  terraform: { resourcesAdded: 'exact', resourcesChanged: 'exact', resourcesDestroyed: 'exact' },
  scaling: NIX_SHOW_STATS,
  'test-suite-scaling': { testsRun: 'exact', buildingMs: 'measured' },
  'vars-scaling': { machines: 'exact', encryptedWithAge: 'measured' },
  'base-against-head': NIX_SHOW_STATS,
  // Counters of the untimed runs, per Nix build: evaluation statistics, the builds' own counts, and what each
  // closure copy sent (checked against the target store, as deployment's copies are).
  'nix-versions': {
    ...NIX_SHOW_STATS,
    derivationsBuilt: 'exact',
    pathsSubstituted: 'exact',
    ...CLOSURE,
    pathsTransferred: 'measured',
    narBytesTransferred: 'measured',
    bytesTransferred: 'measured',
    bytesReceived: 'measured',
  },
} as const satisfies Record<Concern, Record<string, CounterKind>>

/** The counters one concern records. */
export type CounterOf<C extends Concern> = keyof (typeof CONCERN_COUNTERS)[C] & string
type NamedCounter = { [C in Concern]: CounterOf<C> }[Concern]
/** Any counter a sample may carry: a named one, or a terraform resource's apply time. */
export type CounterKey = NamedCounter | `${typeof RESOURCE_APPLY_PREFIX}${string}`

const ALL_COUNTERS = Object.values(CONCERN_COUNTERS).flatMap((counters) => Object.entries(counters)) as Array<[NamedCounter, CounterKind]>

/** Every named counter by its own name, so code refers to `COUNTER.derivationsBuilt`, checked by the compiler. */
export const COUNTER = Object.fromEntries(ALL_COUNTERS.map(([key]) => [key, key])) as { readonly [K in NamedCounter]: K }

/** The counters that are exact in any concern, in registry order: a change in one is a change in the work. */
export const EXACT_COUNTERS: readonly NamedCounter[] = [...new Set(ALL_COUNTERS.filter(([, kind]) => kind === 'exact').map(([key]) => key))]

/** NIX_SHOW_STATS counters that are exact for a given input, so a scaling fit of them shows growth without noise. */
export const EVALUATION_COUNTERS = ['nrFunctionCalls', 'nrThunks', 'values.number', 'gc.totalBytes'] as const satisfies readonly CounterOf<'scaling'>[]

/** The counters one sample of a concern may carry, checked by name. */
export type CountersOf<C extends Concern> = { [K in CounterOf<C>]?: number }
