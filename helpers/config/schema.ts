import { z } from 'zod'
import { BASELINE_DEFAULTS, BENCH_DEFAULTS, COMMAND_TIMEOUT_MS, FIXTURE_DEFAULTS, OUTPUT_DEFAULTS, SCALING_DEFAULTS, TERRAFORM_DEFAULTS, type BenchKey } from './defaults.ts'

const benchKeys = Object.keys(BENCH_DEFAULTS) as [BenchKey, ...BenchKey[]]

const ThresholdOverride = z.strictObject({
  limitMs: z.number().positive(),
  /** @default "median" */
  statistic: z.enum(['median', 'mean', 'max']).default('median'),
})

const BenchOverride = z.strictObject({
  iterations: z.number().int().positive().optional(),
  warmupIterations: z.number().int().nonnegative().optional(),
  /** null disables the threshold of this bench. */
  threshold: ThresholdOverride.nullable().optional(),
  /** Per host name: a threshold for that host only (null disables it there); wins over `threshold`. */
  hosts: z.record(z.string(), z.strictObject({ threshold: ThresholdOverride.nullable() })).optional(),
})

const HostEntry = z.strictObject({
  name: z.string().min(1),
  /** Attribute path of the host's top-level derivation, e.g. "nixosConfigurations.vps.config.system.build.toplevel". */
  attr: z.string().min(1),
})

export const ConfigSchema = z.strictObject({
  /** Editors' JSON Schema reference, e.g. "./flakebench.config.schema.json"; ignored by flakebench. */
  $schema: z.string().optional(),
  /** A flake reference (path, git+file:, github:…). Absent: the embedded fixture flake is generated and used. */
  flake: z.string().min(1).optional(),
  /** Hosts to evaluate; absent: discovered from nixosConfigurations and darwinConfigurations. */
  hosts: z.array(HostEntry).optional(),
  /** Shape of the generated fixture flake. */
  fixture: z
    .strictObject({
      modules: z.number().int().min(1).default(FIXTURE_DEFAULTS.modules),
      nixosHosts: z.number().int().min(0).default(FIXTURE_DEFAULTS.nixosHosts),
      darwinHosts: z.number().int().min(0).default(FIXTURE_DEFAULTS.darwinHosts),
      packageOutputBytes: z.number().int().min(1).default(FIXTURE_DEFAULTS.packageOutputBytes),
      packageCpuIterations: z.number().int().min(0).default(FIXTURE_DEFAULTS.packageCpuIterations),
      packageFanIn: z.number().int().min(0).default(FIXTURE_DEFAULTS.packageFanIn),
      unitTests: z.number().int().min(0).default(FIXTURE_DEFAULTS.unitTests),
      integrationTests: z.number().int().min(0).default(FIXTURE_DEFAULTS.integrationTests),
      unitTestCpuIterations: z.number().int().min(0).default(FIXTURE_DEFAULTS.unitTestCpuIterations),
      integrationTestCpuIterations: z.number().int().min(0).default(FIXTURE_DEFAULTS.integrationTestCpuIterations),
    })
    .refine((shape) => shape.nixosHosts + shape.darwinHosts > 0, { message: 'the fixture needs at least one host' })
    .prefault({}),
  /** Size series: the sizes measured, the sizes extrapolated to, and the ×4 growth gate. */
  scaling: z
    .strictObject({
      moduleSizes: z.array(z.number().int().positive()).min(3).default(SCALING_DEFAULTS.moduleSizes),
      moduleTargets: z.array(z.number().int().positive()).default(SCALING_DEFAULTS.moduleTargets),
      unitTestSizes: z.array(z.number().int().positive()).min(3).default(SCALING_DEFAULTS.unitTestSizes),
      integrationTestSizes: z.array(z.number().int().positive()).min(3).default(SCALING_DEFAULTS.integrationTestSizes),
      testTargets: z.array(z.number().int().positive()).default(SCALING_DEFAULTS.testTargets),
      /**
       * Your test suite, run as a series over `unitTestSizes`: an argument array (no shell) in which "{n}" is
       * replaced by the size, e.g. ["./run-tests", "--count", "{n}"]. Runs against your flake instead of the fixture's tests.
       */
      testCommand: z.array(z.string()).min(1).refine((args) => args.some((arg) => arg.includes('{n}')), { message: 'one argument must contain {n}' }).optional(),
      machineSizes: z.array(z.number().int().positive()).min(3).default(SCALING_DEFAULTS.machineSizes),
      machineTargets: z.array(z.number().int().positive()).default(SCALING_DEFAULTS.machineTargets),
      growthLimitAt4x: z.number().positive().default(SCALING_DEFAULTS.growthLimitAt4x),
    })
    .refine((scaling) => new Set(scaling.moduleSizes).size >= 3, { message: 'moduleSizes needs at least 3 distinct sizes for a fit' })
    .prefault({}),
  /**
   * Terraform or OpenTofu. Without `directory`, the embedded configuration runs init, plan, apply and destroy in a
   * temporary directory. With `directory`, flakebench only plans there (-lock=false), never applies or destroys.
   */
  terraform: z
    .strictObject({
      /** Path or name of the binary; default: tofu, else terraform, from PATH. */
      binary: z.string().min(1).optional(),
      /** A terraform directory of yours, already initialised; planned only. */
      directory: z.string().min(1).optional(),
      /** `-refresh` for plans of your directory. @default true */
      refresh: z.boolean().default(TERRAFORM_DEFAULTS.refresh),
      /** Machines of the embedded configuration. */
      machines: z.array(z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')).min(1).default(TERRAFORM_DEFAULTS.machines),
    })
    .prefault({}),
  /** Run nix with no substituters and no global flake registry. @default true */
  offline: z.boolean().default(true),
  /** Sets the iteration count of every bench at once (e.g. 2 for a quick check); per-bench settings win. */
  iterations: z.number().int().positive().optional(),
  /** Per-bench iterations and thresholds, keyed by bench (see BENCH_DEFAULTS for the names). */
  benches: z.partialRecord(z.enum(benchKeys), BenchOverride).default({}),
  /** A command still running after this long is killed with its process tree. */
  timeoutMs: z.number().int().positive().default(COMMAND_TIMEOUT_MS),
  /** Comparison with a saved baseline; compared automatically when the file exists. */
  baseline: z
    .strictObject({
      path: z.string().min(1).default(BASELINE_DEFAULTS.path),
      noiseFloorPct: z.number().nonnegative().default(BASELINE_DEFAULTS.noiseFloorPct),
      regressionTolerancePct: z.number().nonnegative().default(BASELINE_DEFAULTS.regressionTolerancePct),
      /** Compare even across a different Nix, machine or fixture shape. @default false */
      force: z.boolean().default(false),
    })
    .prefault({}),
  /** Output paths, relative to the working directory. */
  output: z
    .strictObject({
      resultsJson: z.string().min(1).default(OUTPUT_DEFAULTS.resultsJson),
      markdown: z.string().min(1).default(OUTPUT_DEFAULTS.markdown),
      history: z.string().min(1).default(OUTPUT_DEFAULTS.history),
      githubActionBenchmark: z.string().min(1).default(OUTPUT_DEFAULTS.githubActionBenchmark),
      bencherMetricFormat: z.string().min(1).default(OUTPUT_DEFAULTS.bencherMetricFormat),
      /** JUnit XML of the bench tests, through Vitest's own junit reporter; none unless set. */
      junit: z.string().min(1).optional(),
    })
    .prefault({}),
})

export type FlakebenchConfig = z.infer<typeof ConfigSchema>
export type FixtureShape = FlakebenchConfig['fixture']

/** The config's JSON Schema (draft 2020-12), for editors: `npm run config-schema` writes it. */
export function configJsonSchema(): object {
  return z.toJSONSchema(ConfigSchema, { io: 'input' })
}
