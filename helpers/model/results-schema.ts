import { z } from 'zod'
import { BaseAgainstHeadSchema } from './base-against-head.ts'
import { ChangeVerdictSchema, RATIO_FIELDS } from './ratio.ts'
import { PROFILE_NAMES } from './profile-names.ts'
import { CopyModelSchema, DeployPredictionsSchema } from './copy-model.ts'

/** Bumped whenever a field changes meaning or is removed; readers refuse other versions. */
export const RESULTS_SCHEMA_VERSION = 1

/** One timed iteration of a command. Times in milliseconds, memory in kilobytes (as GNU time reports it). */
export const SampleSchema = z.strictObject({
  /**
   * Spawn to exit, less the wrapper's estimated cost (see ResolutionSchema), never clamped: a trivial command can
   * read a little below 0, within the resolution.
   */
  wallMs: z.number(),
  /** CPU time of the command and its waited-for children; null when GNU time is unavailable. */
  userCpuMs: z.number().nonnegative().nullable(),
  systemCpuMs: z.number().nonnegative().nullable(),
  peakRssKb: z.number().int().nonnegative().nullable(),
  exitCode: z.number().int(),
  /** Exact counters (e.g. NIX_SHOW_STATS, flattened with dots) read after the iteration. */
  counters: z.record(z.string(), z.number()).nullable(),
})

export const SummarySchema = z.strictObject({
  n: z.number().int().positive(),
  meanMs: z.number(),
  medianMs: z.number(),
  sdMs: z.number(),
  minMs: z.number(),
  maxMs: z.number(),
  /** Median absolute deviation, unscaled. */
  madMs: z.number(),
  /** Coefficient of variation, sd / mean (a ratio, not a percentage). */
  cv: z.number(),
  /** 95 % confidence interval of the mean (Student's t). Null for n < 2. */
  meanCi95Ms: z.tuple([z.number(), z.number()]).nullable(),
  /** 95 % distribution-free confidence interval of the median (order statistics). Null for n < 6. */
  medianCi95Ms: z.tuple([z.number(), z.number()]).nullable(),
  /** Indices (into the samples, in run order) whose modified z-score exceeds 3.5. */
  outlierIndices: z.array(z.number().int().nonnegative()),
  /** The resolution the median was judged against (ResolutionSchema); absent in results written before it existed. */
  resolutionMs: z.number().nonnegative().optional(),
  /** The median is below the resolution: it is known only to be under resolutionMs, and is shown so. */
  belowResolution: z.boolean().optional(),
})

/** What runCommand subtracts from every sample for its wrapper (GNU time): paired spawns of `true`, with and without it. */
export const WrapperCostSchema = z.strictObject({
  /** The median of (wrapped − bare) over the pairs. */
  costMs: z.number(),
  /** Its distribution-free 95 % interval (order statistics). */
  ci95Ms: z.tuple([z.number(), z.number()]),
  pairs: z.number().int().positive(),
})

/** How close to 0 a bench's wall times can be told apart from it (helpers/statistics/wrapper-cost.ts). */
export const ResolutionSchema = z.strictObject({
  /** max(timer granularity, distance from the wrapper's cost to the farther bound of its 95 % interval). */
  resolutionMs: z.number().nonnegative(),
  /** The smallest step of the clock the samples were taken with. */
  timerGranularityMs: z.number().nonnegative(),
  /** Null when no wrapper ran and nothing was subtracted. */
  wrapperCost: WrapperCostSchema.nullable(),
})

export const ThresholdSchema = z.strictObject({
  /** Which statistic is compared with the limit. */
  statistic: z.enum(['median', 'mean', 'max']),
  limitMs: z.number().positive(),
  /** Where the default came from (a seed figure) or "config". */
  source: z.string().min(1),
})

export const VerdictSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('pass'), measuredMs: z.number(), limitMs: z.number(), sentence: z.string() }),
  z.strictObject({
    status: z.literal('fail'),
    measuredMs: z.number(),
    limitMs: z.number(),
    overByPct: z.number(),
    sentence: z.string(),
  }),
  z.strictObject({ status: z.literal('none') }),
])

export const CacheStateSchema = z.strictObject({
  /** What the bench intended: cold (caches emptied), warm (caches primed) or not applicable. */
  intended: z.enum(['cold', 'warm', 'not-applicable']),
  /** How the state was checked, e.g. "nrFunctionCalls == 0 in every sample"; null when it could not be checked. */
  verifiedBy: z.string().nullable(),
})

/** Which Nix a bench ran on: its version line parsed, and its label among the run's Nix builds. */
export const NixRunSchema = z.strictObject({
  label: z.string(),
  implementation: z.enum(['nix', 'lix', 'unknown']),
  version: z.string(),
})

const identity = {
  /** The Nix the bench ran on; absent in results written before runs named it. */
  nix: NixRunSchema.optional(),
  /** Stable identifier, e.g. "flake-evaluation/cold-flake-show". */
  id: z.string().min(1),
  concern: z.string().min(1),
  name: z.string().min(1),
  host: z.string().nullable(),
  /** The command that was timed, as an argument array (never a shell string). */
  command: z.array(z.string()).nullable(),
  /**
   * Benches comparing variants of one operation share a key: a cold and a warm bench give the cache
   * effectiveness; two other benches give a speed-up, the first recorded being the baseline.
   */
  pairKey: z.string().nullable(),
}

export const MeasuredBenchSchema = z.strictObject({
  ...identity,
  status: z.literal('measured'),
  cacheState: CacheStateSchema,
  samples: z.array(SampleSchema).min(1),
  statistics: SummarySchema,
  /** The resolution of this bench's samples (measured in its own worker process). */
  resolution: ResolutionSchema.optional(),
  threshold: ThresholdSchema.nullable(),
  verdict: VerdictSchema,
  warnings: z.array(z.string()),
  /** What the measured command produced that must stay the same for times to compare, e.g. the drvPath. */
  facts: z.record(z.string(), z.string()),
})

export const SkippedBenchSchema = z.strictObject({
  ...identity,
  status: z.literal('skipped'),
  reason: z.string().min(1),
})

/** Why a bench failed, as data: what happened, what to do, and for a failed command how it ended. */
export const ErrorDescriptionSchema = z.strictObject({
  message: z.string(),
  /** What to do about it, when known. */
  hint: z.string().nullable(),
  stderrTail: z.string().nullable(),
  /** Only for a command that ran and failed: what ran (file, then arguments), as its CommandError has it. */
  command: z.array(z.string()).optional(),
  /** 128 + the signal's number when a signal killed it. */
  exitCode: z.number().int().optional(),
  timedOut: z.boolean().optional(),
  interrupted: z.boolean().optional(),
})

export const FailedBenchSchema = z.strictObject({
  ...identity,
  status: z.literal('failed'),
  error: ErrorDescriptionSchema,
  /** Samples completed before the failure (a failed threshold keeps all of them). */
  samples: z.array(SampleSchema),
  statistics: SummarySchema.nullable(),
  resolution: ResolutionSchema.optional(),
  threshold: ThresholdSchema.nullable(),
  verdict: VerdictSchema,
})

export const BenchOutcomeSchema = z.discriminatedUnion('status', [
  MeasuredBenchSchema,
  SkippedBenchSchema,
  FailedBenchSchema,
])

export const NixInfoSchema = z.strictObject({
  implementation: z.enum(['nix', 'lix', 'unknown']),
  version: z.string(),
  /** The first line of `nix --version`, verbatim. */
  versionLine: z.string(),
  /** Its label among the run's Nix builds (FLAKEBENCH_NIX, the config's `nix`, or the default "system"). */
  label: z.string().optional(),
})

/**
 * What the Nix in use does with a dirty git tree's evaluation, probed on a tiny generated git flake with fresh
 * caches (helpers/flake/dirty-tree-probe.ts): Nix 2.8 caches it (its key is the source's store path), Nix ≥ 2.21
 * does not. `unknown` when the probe could not tell (it failed, or not even the committed tree was cached).
 */
const probeRun = {
  /** Runs allowed for each tree, each on the same fresh caches. */
  runsPerTree: z.number().int().positive(),
  /** The command probed, as an argument array. */
  command: z.array(z.string()),
}

export const DirtyTreeEvalCacheSchema = z.discriminatedUnion('status', [
  /** The eval cache answered the dirty tree (nrFunctionCalls == 0) on run `answeredOnRun` of a fresh cache. */
  z.strictObject({ status: z.literal('cached'), answeredOnRun: z.number().int().positive(), ...probeRun }),
  /** Never answered the dirty tree, but answered the same tree once committed (the control) on `committedAnsweredOnRun`. */
  z.strictObject({ status: z.literal('not cached'), committedAnsweredOnRun: z.number().int().positive(), ...probeRun }),
  z.strictObject({ status: z.literal('unknown'), reason: z.string().min(1) }),
])

export const ProvenanceSchema = z.strictObject({
  machine: z.strictObject({
    cpuModel: z.string(),
    physicalCores: z.number().int().nonnegative(),
    logicalCores: z.number().int().nonnegative(),
    memoryBytes: z.number().nonnegative(),
    os: z.string(),
    kernel: z.string(),
    arch: z.string(),
  }),
  nix: NixInfoSchema.nullable(),
  /** Whether the eval cache answers a dirty git tree on this Nix; null when there is no nix. */
  dirtyTreeEvalCache: DirtyTreeEvalCacheSchema.nullable(),
  nodeVersion: z.string(),
  vitestVersion: z.string(),
  flakebenchRevision: z.string().nullable(),
  /** The run's resolution: the coarsest of its benches' (a bench run estimates its wrapper's cost once; other processes each anew). */
  resolution: z.strictObject({
    resolutionMs: z.number().nonnegative(),
    timerGranularityMs: z.number().nonnegative(),
    /** The lowest and highest wrapper cost subtracted; null when nothing was subtracted. */
    wrapperCostMs: z.tuple([z.number(), z.number()]).nullable(),
    /** Pairs per estimate, fewest and most. */
    pairs: z.tuple([z.number().int(), z.number().int()]).nullable(),
    estimates: z.number().int().nonnegative(),
    method: z.string(),
  }).nullable().optional(),
})

/** What a run was allowed to change, for the report: against real machines, nothing unless the config says so. */
export const RunModeSchema = z.strictObject({
  /** The run profile (helpers/config/defaults.ts PROFILES): how much of each concern ran. */
  profile: z.enum(PROFILE_NAMES),
  /** "test-hosts": the fixture's own sshd test hosts only; "none": your flake, no deploy target; else the mode used on your machines. */
  deploy: z.enum(['none', 'test-hosts', 'copy', 'dry-activate', 'switch']),
  /** "embedded": init/plan/apply/destroy of the embedded configuration in a temporary directory; else what ran in yours. */
  terraform: z.enum(['embedded', 'plan', 'apply']),
  /** Store paths deleted outside flakebench's temporary stores: none, or the flake's own source path (cold evaluation). */
  storePathsDeleted: z.enum(['none', 'fixture source', 'flake source']),
})

export const TargetSchema = z.strictObject({
  kind: z.enum(['fixture', 'flake']),
  /** The flake reference benchmarked; a fixture's temporary path is replaced by "<fixture>". */
  flakeRef: z.string(),
  /** For the fixture: the shape it was generated with. */
  fixtureShape: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])).nullable(),
  /** Git revision of the target flake, when it has one. */
  revision: z.string().nullable(),
})

export const CacheEffectivenessSchema = z.strictObject({
  pairKey: z.string(),
  coldId: z.string(),
  warmId: z.string(),
  coldMedianMs: z.number(),
  warmMedianMs: z.number(),
  /** (cold − warm) / cold × 100: the seed report's "cache improvement". */
  improvementPct: z.number(),
})

export const SpeedUpSchema = z.strictObject({
  pairKey: z.string(),
  baselineId: z.string(),
  variantId: z.string(),
  baselineMedianMs: z.number(),
  variantMedianMs: z.number(),
  /** baseline / variant: above 1 the variant is faster. */
  speedUp: z.number(),
})

const ComplexityModelSchema = z.enum(['O(1)', 'O(log n)', 'O(n)', 'O(n log n)', 'O(n²)'])

const ModelFitSchema = z.strictObject({
  model: ComplexityModelSchema,
  intercept: z.number(),
  /** Per unit of f(n): per module for O(n). */
  slope: z.number(),
  r2: z.number(),
  normalizedRms: z.number(),
})

/** How a cost grows with size: measured points, the fitted law, the ×4 gate and extrapolations. */
export const ScalingSeriesSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** What n counts, singular: "module", "test", "machine". */
  unit: z.string(),
  points: z.array(z.strictObject({ n: z.number().positive(), benchId: z.string(), medianMs: z.number(), counters: z.record(z.string(), z.number()) })),
  /** Fit of the median wall time (ms) against n. */
  fit: ModelFitSchema.extend({ growthExponent: z.number() }),
  /** Fits of exact counters (e.g. nrFunctionCalls) against n. */
  counterFits: z.array(ModelFitSchema.extend({ counter: z.string() })),
  /** Fails only when the whole 95 % interval of the ratio is over the limit; over with an interval reaching below it is unresolved. */
  gate: z.strictObject({
    ratioAt4x: z.number(),
    ciAt4x: z.tuple([z.number(), z.number()]).nullable(),
    limit: z.number(),
    status: z.enum(['pass', 'fail', 'unresolved']),
    sentence: z.string(),
  }),
  extrapolations: z.array(z.strictObject({
    n: z.number(),
    /** The chosen law's value at n; null for a far extrapolation, where no single figure can be expected. */
    predictedMs: z.number().nullable(),
    /** 95 % prediction interval including the model choice: the envelope over `models` (a duration, so ≥ 0). */
    lowMs: z.number(),
    highMs: z.number(),
    /** The models that fit the measured sizes alike (within the RMS tolerance of the best), the chosen one first. */
    models: z.array(ComplexityModelSchema).min(1),
    /** n over the largest size measured: above 1 an extrapolation, below an interpolation. */
    timesLargestMeasured: z.number(),
    /** Set past FAR_EXTRAPOLATION_FACTOR × the largest size measured: the law is taken on trust there. */
    farExtrapolationWarning: z.string().nullable(),
  })),
  /** Findings specific to the series, in words (e.g. parallel efficiency). */
  notes: z.array(z.string()),
})

export const ComparisonEntrySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  baselineMedianMs: z.number(),
  currentMedianMs: z.number(),
  changePct: z.number(),
  ciPct: z.tuple([z.number(), z.number()]).nullable(),
  verdict: ChangeVerdictSchema,
  /** Slower by more than the regression tolerance: fails the run. */
  regression: z.boolean(),
  /** Exact counters whose median differs from the baseline's: the work itself changed. */
  counterChanges: z.array(z.strictObject({ counter: z.string(), baseline: z.number(), current: z.number() })),
  /** Facts (e.g. drvPath) that differ: the bench measured something else. */
  factChanges: z.array(z.strictObject({ fact: z.string(), baseline: z.string(), current: z.string() })),
})

export const ComparisonSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('compared'),
    baselineFile: z.string(),
    baselineStartedAt: z.string(),
    /** Compared although Nix, machine or fixture differ (config baseline.force). */
    forced: z.boolean(),
    method: z.string(),
    noiseFloorPct: z.number(),
    regressionTolerancePct: z.number(),
    entries: z.array(ComparisonEntrySchema),
    /** Benches measured in the baseline but not in this run. */
    missing: z.array(z.string()),
  }),
  z.strictObject({ status: z.literal('refused'), baselineFile: z.string(), reason: z.string() }),
])

/** One bench measured on two Nix builds, interleaved sample by sample (bench/nix-versions.bench.ts). */
export const NixVersionRowSchema = z.strictObject({
  name: z.string(),
  host: z.string().nullable(),
  baselineId: z.string(),
  variantId: z.string(),
  /** Labels of the two Nix builds: the run's first (the baseline) and the other. */
  baselineNix: z.string(),
  variantNix: z.string(),
  /** For a closure copy: the Nix the remote host ran (both sides copied to it; baselineNix and variantNix are the clients). */
  remoteNix: z.string().optional(),
  /** For a closure copy: the copy client both sides ran (nix-copy-closure, nix copy ssh://, nix copy ssh-ng://). */
  client: z.string().optional(),
  baselineMedianMs: z.number(),
  variantMedianMs: z.number(),
  /** ratio = variant median / baseline median: below 1 the variant is faster. */
  ...RATIO_FIELDS,
  /** Exact counters of each side, from untimed counted runs (NIX_SHOW_STATS) or the build log; null where a side has none. */
  counters: z.array(z.strictObject({ counter: z.string(), baseline: z.number().nullable(), variant: z.number().nullable() })),
  /** Where the two did different work (counters or facts differ), or behaved differently (e.g. priming runs). */
  notes: z.array(z.string()),
})

export const NixVersionsSchema = z.strictObject({
  /** The Nix builds compared, the run's first being the baseline. */
  builds: z.array(NixRunSchema),
  /** Builds selected but not available here, with the reason. */
  absent: z.array(z.strictObject({ label: z.string(), reason: z.string() })),
  /** Set when fewer than two builds ran: why the matrix has one column. */
  oneColumnReason: z.string().nullable(),
  /** How the counters were collected, so the reader knows they did not slow the timed samples. */
  countersMethod: z.string(),
  noiseFloorPct: z.number(),
  rows: z.array(NixVersionRowSchema),
})

/** One line of the history file (JSON Lines): a run's summary. */
export const HistoryEntrySchema = z.strictObject({
  schemaVersion: z.literal(1),
  startedAt: z.iso.datetime(),
  status: z.enum(['passed', 'failed', 'interrupted']),
  flakebenchRevision: z.string().nullable(),
  /** Git revision of the flake that was measured. */
  targetRevision: z.string().nullable(),
  nix: z.string().nullable(),
  machine: z.string(),
  /** Median wall time of every measured bench, by id. */
  medianMs: z.record(z.string(), z.number()),
})

export const HarnessFloorSchema = z.strictObject({
  /** The trivial command spawned through the same measuring path as every bench. */
  command: z.array(z.string()),
  /** After the wrapper's cost is subtracted, as every bench reads: what the command itself costs. */
  medianMs: z.number(),
  madMs: z.number(),
  n: z.number().int().positive(),
  /** Spawn to exit through the wrapper, nothing subtracted: what one sample costs the harness, always positive. */
  rawMedianMs: z.number().optional(),
  resolutionMs: z.number().nonnegative().optional(),
  /** medianMs is below the resolution: known only to be under resolutionMs. */
  belowResolution: z.boolean().optional(),
})

export const PerformanceResultsSchema = z.strictObject({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  run: z.strictObject({
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    /** passed: every bench measured or skipped and every threshold met. */
    status: z.enum(['passed', 'failed', 'interrupted']),
    /** Errors outside any bench (a file that did not load, an unhandled rejection). */
    errors: z.array(z.string()),
  }),
  provenance: ProvenanceSchema,
  target: TargetSchema.nullable(),
  mode: RunModeSchema,
  harnessFloor: HarnessFloorSchema.nullable(),
  benchmarks: z.array(BenchOutcomeSchema),
  cacheEffectiveness: z.array(CacheEffectivenessSchema),
  speedUps: z.array(SpeedUpSchema),
  scaling: z.array(ScalingSeriesSchema),
  /** Against the saved baseline, when one exists. */
  comparison: ComparisonSchema.nullable(),
  /** Base against head in one run, when a compare was configured; absent in results written before it existed. */
  baseAgainstHead: BaseAgainstHeadSchema.nullable().optional(),
  /** Per-client copy laws and the what-if table (full profile); absent in results written before it existed. */
  copyModel: CopyModelSchema.nullable().optional(),
  /** Your deploy targets' links and copies against the copy laws (present when the run had deploy.targets). */
  deployPredictions: DeployPredictionsSchema.nullable().optional(),
  /** The last runs of the history file, this one included, oldest first: the trend. */
  trend: z.array(HistoryEntrySchema),
  /** Conclusions the measurements support, in words (reports/findings.ts). */
  findings: z.array(z.string()),
  /** The Nix-versions matrix, when bench/nix-versions.bench.ts ran. */
  nixVersions: NixVersionsSchema.nullable().optional(),
})

export type Sample = z.infer<typeof SampleSchema>
export type Summary = z.infer<typeof SummarySchema>
export type Threshold = z.infer<typeof ThresholdSchema>
export type Verdict = z.infer<typeof VerdictSchema>
export type CacheState = z.infer<typeof CacheStateSchema>
export type MeasuredBench = z.infer<typeof MeasuredBenchSchema>
export type SkippedBench = z.infer<typeof SkippedBenchSchema>
export type FailedBench = z.infer<typeof FailedBenchSchema>
export type ErrorDescription = z.infer<typeof ErrorDescriptionSchema>
export type BenchOutcome = z.infer<typeof BenchOutcomeSchema>
export type NixInfo = z.infer<typeof NixInfoSchema>
export type NixRun = z.infer<typeof NixRunSchema>
export type NixVersions = z.infer<typeof NixVersionsSchema>
export type NixVersionRow = z.infer<typeof NixVersionRowSchema>
export type DirtyTreeEvalCache = z.infer<typeof DirtyTreeEvalCacheSchema>
export type Provenance = z.infer<typeof ProvenanceSchema>
export type Target = z.infer<typeof TargetSchema>
export type RunMode = z.infer<typeof RunModeSchema>
export type CacheEffectiveness = z.infer<typeof CacheEffectivenessSchema>
export type WrapperCost = z.infer<typeof WrapperCostSchema>
export type Resolution = z.infer<typeof ResolutionSchema>
export type HarnessFloor = z.infer<typeof HarnessFloorSchema>
export type SpeedUp = z.infer<typeof SpeedUpSchema>
export type ScalingSeries = z.infer<typeof ScalingSeriesSchema>
export type Comparison = z.infer<typeof ComparisonSchema>
export type ComparisonEntry = z.infer<typeof ComparisonEntrySchema>
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>
export type PerformanceResults = z.infer<typeof PerformanceResultsSchema>
