import { z } from 'zod'
import { HOST_KINDS } from '../model/host-kinds.ts'
import { PROFILE_NAMES } from '../model/profile-names.ts'
import { CONCERNS } from '../model/concerns.ts'
import { COMPARE_DEFAULTS, DEFAULT_PROFILE, BASELINE_DEFAULTS, BENCH_DEFAULTS, COMMAND_TIMEOUT_MS, FIXTURE_DEFAULTS, OUTPUT_DEFAULTS, SCALING_DEFAULTS, TERRAFORM_DEFAULTS, type BenchKey } from './defaults.ts'

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
  /** nixos, darwin or home; absent: read from the attribute path (nixosConfigurations…, darwinConfigurations…, homeConfigurations…). */
  kind: z.enum(HOST_KINDS).optional(),
})

/** An SSH target is `user@address` or `address`: never starting with "-", which ssh would read as an option. */
const SshDestination = z.string().regex(/^[^-\s][^\s]*$/, 'user@address, without spaces and not starting with "-"')

const DeployTarget = z.strictObject({
  /** The host (by name, from `hosts` or discovery) whose top level is deployed. */
  host: z.string().min(1),
  ssh: SshDestination,
  /**
   * Extra ssh arguments, e.g. ["-p", "2222", "-i", "/home/me/.ssh/deploy"]. Nix passes them to its ssh in
   * NIX_SSHOPTS, split at whitespace with no quoting, so an argument holding a space cannot arrive as given.
   */
  sshOptions: z.array(z.string().regex(/^\S+$/, 'no whitespace: Nix splits NIX_SSHOPTS at whitespace, so this would reach ssh as several arguments')).default([]),
  /**
   * The remote command of the deploy mode, as arguments ("{out}" is replaced by the top level's store path).
   * Default by host kind: nixos `{out}/bin/switch-to-configuration dry-activate|switch`, home `DRY_RUN=1 {out}/activate`.
   */
  command: z.array(z.string()).min(1).optional(),
})

export const ConfigSchema = z.strictObject({
  /** Editors' JSON Schema reference, e.g. "./flakebench.config.schema.json"; ignored by flakebench. */
  $schema: z.string().optional(),
  /** A flake reference (path, git+file:, github:…). Absent: the embedded fixture flake is generated and used. */
  flake: z.string().min(1).optional(),
  /** Hosts to evaluate; absent: discovered from nixosConfigurations, darwinConfigurations and homeConfigurations. */
  hosts: z.array(HostEntry).optional(),
  /** Builds of your flake's hosts (the embedded fixture always builds from source). */
  builds: z
    .strictObject({
      /**
       * Build each host from an empty store with no substituter (uncached, parallel and distributed builds, and
       * the cache the cached build reads). Off for your flake by default: a real closure from source takes hours.
       */
      fromSource: z.boolean().default(false),
      /** The binary cache the cached build substitutes from, e.g. your CI's cache; default: one built from source. */
      binaryCache: z.strictObject({ url: z.string().min(1), publicKey: z.string().min(1).optional() }).optional(),
      /** A flake reference of your next generation (e.g. a branch), for the partially cached and incremental builds. */
      changedFlake: z.string().min(1).optional(),
      /** The fixture's first host built on 1 and on 2 sshd test hosts as Nix remote builders. @default true */
      remoteBuilders: z.boolean().default(true),
      /** The fixture's first host built uncached at max-jobs 1 and at auto, interleaved. @default true */
      parallelSpeedUp: z.boolean().default(true),
    })
    .prefault({}),
  /** The fixture's closure copies to sshd test hosts: which simulated links (none: only the deploy phases copy) and which copy clients. */
  closureCopies: z
    .strictObject({
      networkProfiles: z.array(z.enum(['local', 'direct', 'relayed'])).default(['local', 'direct', 'relayed']),
      clients: z.array(z.enum(['nix-copy-closure', 'nix-copy-ssh', 'nix-copy-ssh-ng'])).min(1).default(['nix-copy-closure', 'nix-copy-ssh', 'nix-copy-ssh-ng']),
      /** Fit each client's copy law on a grid of paced links and check it on a link left out of the fit (helpers/config/defaults.ts COPY_MODEL_DEFAULTS). */
      model: z.boolean().default(true),
    })
    .prefault({}),
  /**
   * Deployment to your machines over SSH: copy the host's closure, then run the mode's activation command.
   * "copy" copies only; "dry-activate" (the default) asks the machine what it would change, changing nothing;
   * "switch" activates and needs `allow.switch`.
   */
  deploy: z
    .strictObject({
      mode: z.enum(['copy', 'dry-activate', 'switch']).default('dry-activate'),
      targets: z.array(DeployTarget).default([]),
      /**
       * A performance-results.json (relative to the working directory) from a run that fitted the copy laws, e.g. a
       * full-profile run on this machine kept aside; each target's copy is predicted from them over its measured link.
       * A run that fits the laws itself uses its own. Absent: predicted only by such a run.
       */
      copyLawsFrom: z.string().min(1).optional(),
    })
    .prefault({}),
  /** What flakebench may change outside its own temporary stores and directories. Everything is refused by default. */
  allow: z
    .strictObject({
      /** deploy.mode "switch": activate new configurations on your machines. */
      switch: z.boolean().default(false),
      /** terraform.mode "apply": apply your terraform directory (flakebench never destroys it). */
      terraformApply: z.boolean().default(false),
      /** Cold evaluation of your flake deletes its source path from your Nix store (Nix re-creates it on the next evaluation). */
      deleteStorePaths: z.boolean().default(false),
    })
    .prefault({}),
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
      /** How many of the hosts (NixOS first) are built and activated; absent: all. Every host is evaluated. */
      builtHosts: z.number().int().positive().optional(),
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
      /** The fixture's largest integration suite run at max-jobs 1 and at auto, interleaved. @default true */
      testParallelism: z.boolean().default(true),
      /** The vars generator run for each machine count 2 at a time (beside serially), for its parallel speed-up. @default true */
      varsParallelism: z.boolean().default(true),
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
      /** Your directory is planned ("plan", the default) or also applied ("apply", which needs `allow.terraformApply`). */
      mode: z.enum(['plan', 'apply']).default('plan'),
      /** `-refresh` for plans of your directory. @default true */
      refresh: z.boolean().default(TERRAFORM_DEFAULTS.refresh),
      /** Machines of the embedded configuration. */
      machines: z.array(z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')).min(1).default(TERRAFORM_DEFAULTS.machines),
    })
    .prefault({}),
  /**
   * A preset beneath this config (helpers/config/defaults.ts PROFILES): "quick", "standard" (the default) or "full".
   * FLAKEBENCH_PROFILE overrides it.
   */
  profile: z.enum(PROFILE_NAMES).default(DEFAULT_PROFILE),
  /** The concerns `npm run bench` runs (bench/<concern>.bench.ts); absent: all of them. */
  concerns: z.array(z.enum(CONCERNS)).min(1).optional(),
  /**
   * The Nix builds of a run, each a label and the absolute path of its `nix`. The first runs every bench; with two
   * or more, the nix-versions bench compares them. FLAKEBENCH_NIX ("label=/path,label=/path") overrides it. Absent:
   * the `nix` on PATH, plus Nix 2.26.3 from /opt/flakebench/nix-2.26.3 when scripts/install-second-nix.sh installed it.
   */
  nix: z.array(z.strictObject({
    label: z.string().regex(/^[\w.@+-]+$/, 'letters, digits and . _ @ + - only'),
    path: z.string().startsWith('/', 'an absolute path to a nix executable'),
  })).min(1).optional(),
  /** What the Nix version matrix (bench/nix-versions) repeats on each Nix besides flake show and flake check. */
  nixMatrix: z
    .strictObject({
      /** The uncached and cached builds of the first built host. @default true */
      builds: z.boolean().default(true),
      /** Every host's evaluation; off: the first host's only. @default true */
      everyHost: z.boolean().default(true),
      /** Closure copies from each client Nix to a test host running each Nix. @default true */
      copies: z.boolean().default(true),
      /** The closure copies by every client in closureCopies.clients; off: by nix copy ssh-ng:// only. @default true */
      everyCopyClient: z.boolean().default(true),
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
  /**
   * Base against head in one run (bench/base-against-head.bench.ts): two flake references, e.g.
   * "git+file:///src/infra?rev=…", a branch ("git+file:///src/infra?ref=main") or a worktree's path.
   * FLAKEBENCH_BASE and FLAKEBENCH_HEAD set them; `flakebench compare <base> <head>` too. Absent: skipped.
   */
  compare: z
    .strictObject({
      base: z.string().min(1),
      head: z.string().min(1),
      /** The run fails when an exact counter of the head (e.g. nrFunctionCalls) grew by more than this. */
      workGrowthTolerancePct: z.number().nonnegative().default(COMPARE_DEFAULTS.workGrowthTolerancePct),
    })
    .optional(),
  /** Output paths, relative to the working directory. */
  output: z
    .strictObject({
      resultsJson: z.string().min(1).default(OUTPUT_DEFAULTS.resultsJson),
      markdown: z.string().min(1).default(OUTPUT_DEFAULTS.markdown),
      history: z.string().min(1).default(OUTPUT_DEFAULTS.history),
      githubActionBenchmark: z.string().min(1).default(OUTPUT_DEFAULTS.githubActionBenchmark),
      bencherMetricFormat: z.string().min(1).default(OUTPUT_DEFAULTS.bencherMetricFormat),
      /** The base-against-head pull-request comment (Markdown), written by `flakebench compare`. */
      prComment: z.string().min(1).default(OUTPUT_DEFAULTS.prComment),
      /** Folder of the SVG charts that PERFORMANCE.md links with relative paths; created when missing. */
      charts: z.string().min(1).default(OUTPUT_DEFAULTS.charts),
      /** JUnit XML of the bench tests, through Vitest's own junit reporter; none unless set. */
      junit: z.string().min(1).optional(),
    })
    .prefault({}),
}).superRefine((config, context) => {
  if (config.deploy.mode === 'switch' && !config.allow.switch) {
    context.addIssue({ code: 'custom', path: ['deploy', 'mode'], message: '"switch" activates new configurations on your machines: set allow.switch to true to permit it, or use "dry-activate", which changes nothing' })
  }
  if (config.terraform.mode === 'apply' && !config.allow.terraformApply) {
    context.addIssue({ code: 'custom', path: ['terraform', 'mode'], message: '"apply" changes your infrastructure: set allow.terraformApply to true to permit it, or use "plan"' })
  }
  if (config.terraform.mode === 'apply' && !config.terraform.directory) {
    context.addIssue({ code: 'custom', path: ['terraform', 'mode'], message: '"apply" applies your terraform.directory: set it (the embedded configuration is always applied and destroyed in a temporary directory)' })
  }
  if (config.deploy.targets.length > 0 && !config.flake) {
    context.addIssue({ code: 'custom', path: ['deploy', 'targets'], message: 'deploy targets need your flake (set "flake"): the embedded fixture deploys only to its own sshd test hosts' })
  }
})

export type FlakebenchConfig = z.infer<typeof ConfigSchema>
/** What a config file may say: every field with a default is optional. */
export type FlakebenchConfigInput = z.input<typeof ConfigSchema>
export type FixtureShape = FlakebenchConfig['fixture']

/** The config's JSON Schema (draft 2020-12), for editors: `npm run config-schema` writes it. */
export function configJsonSchema(): object {
  return z.toJSONSchema(ConfigSchema, { io: 'input' })
}
