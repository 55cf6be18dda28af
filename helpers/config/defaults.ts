import { CONCERNS, type Concern } from '../model/concerns.ts'
import type { HostKind } from '../model/host-kinds.ts'
import type { ProfileName } from '../model/profile-names.ts'
import type { Threshold } from '../model/results-schema.ts'

/**
 * Every default in one place, each with its source. Seeds: `000` is the measured benchmark.sh report
 * (cold flake show 33.964 s, warm 0.079 s, flake check 0.783 s; targets "< 2 minutes fresh, < 30 seconds
 * cached"); `003` is the infrastructure's performance notes ("flake evaluation ~1–2 s, 29 modules").
 */

export interface BenchDefaults {
  iterations: number
  warmupIterations: number
  threshold: Threshold | null
  /** Limits that differ by host kind (the seed gives NixOS and darwin build times apart). */
  thresholdByHostKind?: Partial<Record<Extract<HostKind, 'nixos' | 'darwin'>, Threshold>>
}

export interface ConcernDefaults {
  /** The quick profile runs every concern that fits its budget. */
  inQuickProfile: boolean
  benches: Record<string, BenchDefaults>
  /** A concern that measures another concern's benches (e.g. on two revisions) takes their settings. */
  benchesOf?: Concern
}

/** An activation, on a fixture root or over ssh on your machine: the seed's switch times by host kind. */
const SWITCH_LIMITS: BenchDefaults['thresholdByHostKind'] = {
  nixos: { statistic: 'median', limitMs: 60_000, source: 'seed 003: nixos-rebuild switch ~20–60 s' },
  darwin: { statistic: 'median', limitMs: 30_000, source: 'seed 003: darwin-rebuild switch ~10–30 s' },
}

/**
 * Per concern (helpers/model/concerns.ts): whether the quick profile runs it, and the iterations and thresholds of
 * each of its benches, keyed by the name a config's `benches` uses.
 */
export const CONCERN_DEFAULTS = {
  'harness-floor': {
    inQuickProfile: true,
    benches: {
      'harness-floor': {
        // hyperfine calibrates its shell spawn the same way; 20 spawns of `true` take well under a second.
        iterations: 20,
        warmupIterations: 1,
        threshold: null,
      },
    },
  },
  'flake-evaluation': {
    inQuickProfile: true,
    benches: {
      'cold-flake-show': {
        // Each cold sample re-copies and re-hashes the source: a few seconds in all on the fixture.
        iterations: 10,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 120_000, source: 'seed 000: fresh setup target < 2 min (cold flake show measured 33.964 s)' },
      },
      'warm-flake-show': {
        iterations: 10,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 2_000, source: 'seed 003: flake evaluation ~1–2 s with 29 modules (warm flake show measured 0.079 s in seed 000)' },
      },
      'flake-check': {
        iterations: 5,
        warmupIterations: 1,
        threshold: { statistic: 'median', limitMs: 30_000, source: 'seed 000: cached target < 30 s (flake check measured 0.783 s)' },
      },
      'host-evaluation': {
        iterations: 5,
        warmupIterations: 1,
        threshold: { statistic: 'median', limitMs: 2_000, source: 'seed 003: flake evaluation ~1–2 s with 29 modules' },
      },
    },
  },
  builds: {
    inQuickProfile: true,
    benches: {
      'uncached-build': {
        // Every sample builds the whole closure from an empty store: a few seconds per host on the fixture.
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
        thresholdByHostKind: {
          nixos: { statistic: 'median', limitMs: 300_000, source: 'seed 003: NixOS build ~5 min uncached' },
          darwin: { statistic: 'median', limitMs: 180_000, source: 'seed 003: darwin build ~3 min uncached' },
        },
      },
      'cached-build': {
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
        thresholdByHostKind: {
          nixos: { statistic: 'median', limitMs: 45_000, source: 'seed 003: NixOS build ~45 s cached' },
          darwin: { statistic: 'median', limitMs: 30_000, source: 'seed 003: darwin build ~30 s cached' },
        },
      },
      'partial-build': {
        // The seeds give no partially cached figure; it can never be slower than the uncached limit.
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
        thresholdByHostKind: {
          nixos: { statistic: 'median', limitMs: 300_000, source: 'seed 003: NixOS build ~5 min uncached (upper bound)' },
          darwin: { statistic: 'median', limitMs: 180_000, source: 'seed 003: darwin build ~3 min uncached (upper bound)' },
        },
      },
      'incremental-build': {
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 30_000, source: 'seed 000: cached target < 30 s (activation package build measured 14.909 s)' },
      },
      'parallel-build': {
        // Two variants interleaved, so each iteration builds the closure twice.
        iterations: 2,
        warmupIterations: 0,
        threshold: null,
      },

      'distributed-build': {
        // Two variants interleaved (1 and 2 remote builders), each an uncached build on the builders.
        iterations: 2,
        warmupIterations: 0,
        threshold: null,
      },
    },
  },
  activation: {
    inQuickProfile: true,
    benches: {
      'first-activation': {
        iterations: 5,
        warmupIterations: 0,
        threshold: null,
        thresholdByHostKind: SWITCH_LIMITS,
      },
      'reactivation': {
        iterations: 5,
        warmupIterations: 0,
        threshold: null,
        thresholdByHostKind: {
          nixos: { statistic: 'median', limitMs: 20_000, source: 'seed 003: nixos-rebuild switch ~20 s (lower end: nothing changed)' },
          darwin: { statistic: 'median', limitMs: 10_000, source: 'seed 003: darwin-rebuild switch ~10 s (lower end: nothing changed)' },
        },
      },
    },
  },
  deployment: {
    inQuickProfile: true,
    benches: {
      'closure-copy': {
        // Per client, interleaved; each sample copies the whole closure into an emptied remote store.
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 30_000, source: 'seed 003: remote deployment adds ~10–30 s for SSH and nix-copy-closure' },
      },
      'closure-copy-noop': {
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 10_000, source: 'seed 003: remote deployment adds ~10–30 s (lower end: nothing to copy)' },
      },
      'deploy-phase': {
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
      },
      'copy-model-grid': {
        // Per client and closure, interleaved, at each grid link: two samples a point, so each client's fit has
        // 24 copies for its 5 terms. Every sample copies into an emptied store.
        iterations: 2,
        warmupIterations: 0,
        threshold: null,
      },
      'copy-model-check': {
        // The held-out link, per client: its median is checked against the prediction interval, not a limit.
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
      },
      'fleet-deploy': {
        // Per fleet size, interleaved.
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 30_000, source: 'seed 003: remote deployment adds ~10–30 s for SSH and nix-copy-closure' },
      },
    },
  },
  'deployment-targets': {
    inQuickProfile: true,
    benches: {
      'target-copy': {
        // Your machines keep what the first sample copied (flakebench never deletes from them): later samples
        // measure the check that finds everything there, and each sample counts the paths it had to copy.
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'max', limitMs: 30_000, source: 'seed 003: remote deployment adds ~10–30 s for SSH and nix-copy-closure' },
      },
      'target-activation': {
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
        thresholdByHostKind: SWITCH_LIMITS,
      },
    },
  },
  terraform: {
    inQuickProfile: true,
    benches: {
      'terraform-init': { iterations: 3, warmupIterations: 0, threshold: null },
      'terraform-plan-empty': {
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 10_000, source: 'seed 003: terraform plan ~5–10 s' },
      },
      'terraform-apply-new': {
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 180_000, source: 'seed 003: apply of a new VPS ~2–3 min' },
      },
      'terraform-plan-noop': {
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 10_000, source: 'seed 003: terraform plan ~5–10 s' },
      },
      'terraform-apply-noop': {
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 5_000, source: 'seed 003: apply with no changes ~5 s' },
      },
      'terraform-apply-change': {
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 180_000, source: 'seed 003: apply of a new VPS ~2–3 min (upper bound for one change)' },
      },
      'terraform-destroy': { iterations: 3, warmupIterations: 0, threshold: null },
      'terraform-plan-user': {
        iterations: 3,
        warmupIterations: 0,
        threshold: { statistic: 'median', limitMs: 10_000, source: 'seed 003: terraform plan ~5–10 s' },
      },
      'terraform-apply-user': {
        // One apply: it changes your infrastructure, and a second would measure a converged no-op.
        iterations: 1,
        warmupIterations: 0,
        threshold: { statistic: 'max', limitMs: 180_000, source: 'seed 003: apply of a new VPS ~2–3 min' },
      },
    },
  },
  scaling: {
    inQuickProfile: true,
    benches: {
      'evaluation-scaling': {
        // Per size; the sizes are interleaved, so one iteration evaluates every size once.
        iterations: 3,
        warmupIterations: 1,
        threshold: null,
      },
    },
  },
  'test-suite-scaling': {
    // Seven seconds of tiny builds here: measured by standard, left out of quick.
    inQuickProfile: false,
    benches: {
      'test-suite-scaling': {
        // Per size, interleaved; every sample builds its tests in a fresh store.
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
      },
    },
  },
  'vars-scaling': {
    inQuickProfile: true,
    benches: {
      'vars-scaling': {
        // Per size and mode; generating keys for 20 machines takes well under a second.
        iterations: 5,
        warmupIterations: 1,
        threshold: null,
      },
    },
  },
  // The evaluation benches on a base and a head revision, each side with flake-evaluation's settings; skipped
  // (saying so) unless a compare is configured.
  'base-against-head': { inQuickProfile: true, benches: {}, benchesOf: 'flake-evaluation' },
  // Every Nix build of the run (helpers/process/nix-builds.ts) on the same benches, interleaved; skipped, saying
  // why, with one Nix. Left out of quick: two Nix builds double its evaluation and build work.
  'nix-versions': {
    inQuickProfile: false,
    benches: {
      'nix-versions-eval': {
        // Per Nix build, interleaved. 6 samples a side give a bootstrap interval of the ratio (≥ 3 needed) at about
        // 2 s per bench on the fixture (drvPath: 108 ms on 2.8, 54 ms on 2.26, measured here); the matrix gates nothing.
        iterations: 6,
        warmupIterations: 1,
        threshold: null,
      },
      'nix-versions-build': {
        // Per Nix build, interleaved; each sample builds the host closure into a fresh store (about 1 s on the fixture).
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
      },
      'nix-versions-copy': {
        // Per client × remote Nix (4 with two builds), interleaved; each sample copies a small closure into an
        // emptied host store over ssh-ng (0.54–0.79 s measured here under load, most of it ssh and Nix start-up).
        // 3 a side, the fewest that give the ratio an interval: the test took 17 s at load average 6.
        iterations: 3,
        warmupIterations: 0,
        threshold: null,
      },
    },
  },
} as const satisfies Record<Concern, ConcernDefaults>

/** The name of a bench's settings in a config's `benches`. */
export type BenchKey = { [C in Concern]: keyof (typeof CONCERN_DEFAULTS)[C]['benches'] & string }[Concern]
/** Every bench's defaults by its key, across the concerns. */
export const BENCH_DEFAULTS: Readonly<Record<BenchKey, BenchDefaults>> = Object.assign({}, ...CONCERNS.map((concern) => CONCERN_DEFAULTS[concern].benches))

/** The embedded default fixture flake, shaped like seed 003's fleet. */
export const FIXTURE_DEFAULTS = {
  // seed 003: "pure import-tree, 29 modules"
  modules: 29,
  // seed 003: "Current Fleet: 5 machines (1 VPS + 4 darwin workstations)"
  nixosHosts: 1,
  darwinHosts: 4,
  // Sized so that an uncached host build takes about a second on 2 cores, a third of it shell work in the packages
  // (measured: 1.15 s with 25 000 loop iterations per package, 0.67 s with none, 3.1 s with 100 000); evaluation
  // does not depend on them.
  packageOutputBytes: 262_144,
  packageCpuIterations: 25_000,
  // Each package depends on the package 3 modules back (same kind); more makes a denser DAG.
  packageFanIn: 1,
  // seed 003: "Test suite (17 tests): ~5 s fast, ~11 s with integration"
  unitTests: 17,
  integrationTests: 4,
  unitTestCpuIterations: 2_000,
  // Each stands in for a VM test; kept to about a quarter of a second so the test-suite series stays short.
  integrationTestCpuIterations: 150_000,
}

/** Size series and their gates: how evaluation, tests and deployment grow with modules, tests and machines. */
export const SCALING_DEFAULTS = {
  // seed 003: 29 modules today, and "the dendritic pattern scales to hundreds of modules"
  moduleSizes: [29, 100, 300, 1000],
  // Sizes a growing fleet reaches: within the series and beyond it.
  moduleTargets: [500, 2000],
  // seed 003: 17 tests today
  unitTestSizes: [1, 2, 4, 8, 17],
  integrationTestSizes: [1, 2, 4],
  testTargets: [100],
  // seed 003: a fleet of 5 today, clan-infra runs 20+
  machineSizes: [1, 5, 20],
  machineTargets: [100],
  // Cost at 4n may be at most 4.6 × cost at n: linear growth (×4) with 15 % slack for noise.
  growthLimitAt4x: 4.6,
}

/**
 * The copy model's grid (full profile), its held-out link and the links of the what-if table. The RTTs are seed
 * 003's Zerotier ends (direct 1–5 ms, relayed 20–50 ms); the bandwidths are issue 17's examples of a slow and a
 * fast uplink; the held-out link lies between the measured ones in both, so its check is an interpolation.
 */
export const COPY_MODEL_DEFAULTS = {
  gridRttsMs: [5, 20, 50],
  gridBandwidthsMbitPerS: [10, 100],
  heldOut: { rttMs: 30, bandwidthMbitPerS: 30 },
  // The held-out check's slack past its prediction interval, as a share of the prediction: the run-to-run noise
  // floor (BASELINE_DEFAULTS.noiseFloorPct). Measured: a calm grid (residual sd 44 ms) left nix-copy-closure's
  // held-out median 38 ms (1.6 %) past its interval, measured minutes after the grid.
  checkNoiseFloorPct: 3,
  // Two closures built for the model, far apart in path count and in bytes per path, each under 1.5 MB so that
  // a copy at 10 Mbit/s stays near a second; nix-copy-closure's 40 paths at 50 ms are ~4 s of round trips.
  closures: [{ paths: 40, bytesPerPath: 16_384 }, { paths: 10, bytesPerPath: 131_072 }],
  whatIfLinks: [
    { name: 'direct', rttMs: 5, bandwidthMbitPerS: 100 },
    { name: 'direct', rttMs: 5, bandwidthMbitPerS: 10 },
    { name: 'relayed', rttMs: 50, bandwidthMbitPerS: 100 },
    { name: 'relayed', rttMs: 50, bandwidthMbitPerS: 10 },
  ],
}

/**
 * The untimed probe of a deploy target's link (helpers/hosts/link-probe.ts). 20 echoes give a median RTT steady to
 * 0.1 ms here (41.97 ms measured through a 40 ms proxy whose own probe read 42.38 ms); 4 MiB takes 3.4 s at the seed's
 * slow 10 Mbit/s (67 round trips at 50 ms, so TCP's slow start is a small part of it; 9.97 Mbit/s measured through a
 * proxy paced at 10), a small cost beside a deploy.
 */
export const LINK_PROBE_DEFAULTS = { pings: 20, bulkBytes: 4 * 1024 * 1024 }

/**
 * A target past this multiple of the largest size measured is a far extrapolation: flagged, and given as a range
 * with no expected figure (an "expected" time for 100 hosts from fleets of up to 6, 16× past the data, claimed
 * a precision the data cannot give). It is the span of the ×4 gate,
 * the furthest apart two sizes are that the series checks its law over.
 */
export const FAR_EXTRAPOLATION_FACTOR = 4

/** The embedded terraform configuration: seed 003's fleet, one VPS group plus one entry per machine. */
export const TERRAFORM_DEFAULTS = {
  machines: ['vps', 'darwin-1', 'darwin-2', 'darwin-3', 'darwin-4'],
  // Plan against the real infrastructure by default, as the seed's "plan ~5–10 s (API queries)".
  refresh: true,
}

/**
 * The Nix builds of a run when neither FLAKEBENCH_NIX nor the config's `nix` names any: the `nix` on PATH, and the
 * Nix 2.26.3 scripts/install-second-nix.sh unpacks from Debian trixie (the newest Debian ships; issue 15 measured it
 * here beside bookworm's 2.8.0). The prefix persists across runs and clones; the script documents the method.
 */
export const NIX_BUILD_DEFAULTS = {
  systemLabel: 'system',
  second: { label: 'nix-2.26.3', path: '/opt/flakebench/nix-2.26.3/usr/bin/nix' },
}

/**
 * The closure the Nix-version matrix copies between client and remote Nix builds: a chain of paths built for it
 * (helpers/hosts/model-closures.ts), several paths so that per-path protocol work counts, small so that a copy
 * stays under a second (measured here: 0.61–0.68 s over ssh-ng on the local link, 0.5 s to build, untimed).
 */
export const NIX_VERSION_COPY_CLOSURE = { paths: 8, bytesPerPath: 65_536 }

/** A hung command is killed after this long: 2.5 × seed 000's fresh-setup target of 2 min. */
export const COMMAND_TIMEOUT_MS = 300_000

export const OUTPUT_DEFAULTS = {
  resultsJson: 'performance-results.json',
  markdown: 'PERFORMANCE.md',
  // One line per run, meant to be kept (and committed) for trends.
  history: 'flakebench-history.jsonl',
  // github-action-benchmark's customSmallerIsBetter format and Bencher's Metric Format.
  githubActionBenchmark: 'benchmark-github-action.json',
  bencherMetricFormat: 'benchmark-bmf.json',
  // The base-against-head pull-request comment (`flakebench compare`).
  prComment: 'flakebench-pr-comment.md',
  // The SVG charts PERFORMANCE.md links (issue 19): a folder of its own, so a run's charts stay together.
  charts: 'performance-charts',
}

/** Comparison with a saved baseline: when a change of the median counts as a regression. */
export const BASELINE_DEFAULTS = {
  // Committed next to the config; `npm run baseline` writes it from the last results.
  path: 'flakebench-baseline.json',
  // Changes whose whole 95 % interval stays within ±3 % are "unchanged": the run-to-run noise seen here.
  noiseFloorPct: 3,
  // A slowdown beyond the noise floor fails the run only when its median change exceeds this.
  regressionTolerancePct: 10,
}

/** Base against head in one run (bench/base-against-head.bench.ts, `flakebench compare`). */
export const COMPARE_DEFAULTS = {
  // The counters are exact, so any growth is real work; this only says how much a change may add before the run
  // fails: the same 10 % the timing regression tolerance allows (BASELINE_DEFAULTS).
  workGrowthTolerancePct: 10,
  // Files kept per host in the results and the comment, by change and by cost: a nixpkgs host touches thousands.
  filesKeptPerHost: 15,
  // Modules the embedded fixture's head adds to its base (scripts/compare.ts without references): 29 → 58 keeps
  // the module file names (two digits) and doubles the evaluation work, far beyond the timing noise.
  fixtureHeadExtraModules: 29,
}

/** Looked for in the working directory, in this order, when FLAKEBENCH_CONFIG is not set. */
export const CONFIG_FILE_NAMES = ['flakebench.config.ts', 'flakebench.config.json'] as const

/** `npm run bench` without a profile in the config or FLAKEBENCH_PROFILE. */
export const DEFAULT_PROFILE: ProfileName = 'standard'

/**
 * Run profiles: presets laid beneath your config (yours wins field by field) that trade coverage for time.
 * Budget on 2 cores: quick ≤ 30 s, standard ≤ 120 s. "full" is every default above: the seed's whole
 * fleet built and activated, every network profile and client, fleets up to 20 hosts.
 */
export const PROFILES: Record<ProfileName, object> = {
  full: {},
  standard: {
    // The NixOS host is built and activated; the darwin-like hosts build for this machine from the same modules,
    // so their figures repeat it (full measures them). Every host is still evaluated.
    fixture: { builtHosts: 1 },
    // Remote builders ship every derivation over ssh: 10 s a sample on 2 cores, the longest bench; full measures it.
    // The parallel speed-up (max-jobs 1 vs auto, 15 s with both cores busy) is a property of the machine and Nix,
    // which a change to the flake does not move; full measures it, as it does the test suite's (below).
    builds: { remoteBuilders: false, parallelSpeedUp: false },
    // The version matrix compares every evaluation bench, on one host: the builds on each Nix (25 s with both cores
    // busy, a base generation of their own included) repeat the builds bench on the run's Nix, and the other hosts'
    // evaluations (8 s) repeat the first's modules, each already measured on the run's Nix. Full compares them all.
    // Its closure copies between the two Nix builds (10 s of standard's 128 s, quiet, host starts included) copy
    // the fixture's payload whatever the flake: a property of the two Nix builds, which a change to the flake does
    // not move. Full compares them, by every client (nix-copy-closure and nix copy ssh:// add 11 s and 16 s at load
    // average 6–7).
    nixMatrix: { builds: false, everyHost: false, copies: false, everyCopyClient: false },
    // Seed 003's slow end (a relayed Zerotier path), where the clients and the binary cache differ most; the
    // deploy phases still copy over the local link. The legacy ssh:// client speaks nix-copy-closure's protocol.
    // The copy model's grid (39 copy benches, 209 s measured under load) is left out: full fits and checks it.
    closureCopies: { networkProfiles: ['relayed'], clients: ['nix-copy-closure', 'nix-copy-ssh-ng'], model: false },
    // Three sizes each: enough for the fit and the ×4 gate. Seed 003 has 17 tests and a fleet of 5 today.
    // The max-jobs 1 vs auto run of 4 integration tests (10–16 s with both cores busy) is the parallel speed-up again,
    // on tests, and repeats the series' largest point at max-jobs 1; full measures it.
    // Generating vars 2 at a time beside serially (5 s of 10 in the vars series) is a parallel speed-up of the
    // machine and the embedded generator: no flake moves it. The serial series stays; full measures both.
    scaling: { unitTestSizes: [1, 4, 17], machineSizes: [1, 3, 6], testParallelism: false, varsParallelism: false },
  },
  quick: {
    // Every concern marked inQuickProfile above, end to end at the smallest sizes that still fit and gate: one NixOS
    // host, two samples a bench; the closure is copied in the deploy phases only.
    concerns: CONCERNS.filter((concern) => CONCERN_DEFAULTS[concern].inQuickProfile),
    fixture: { modules: 6, nixosHosts: 1, darwinHosts: 0 },
    iterations: 2,
    builds: { remoteBuilders: false, parallelSpeedUp: false },
    closureCopies: { networkProfiles: [], model: false },
    scaling: { moduleSizes: [6, 12, 24], machineSizes: [1, 2, 3], varsParallelism: false },
  },
}

/** Posting the base-against-head comment (`flakebench compare --comment`). */
export const GITHUB_COMMENT_DEFAULTS = {
  // GitHub's REST API when GITHUB_API_URL is not set (GitHub Enterprise Server sets its own): GitHub's docs,
  // "Store information in variables", default environment variables.
  apiUrl: 'https://api.github.com',
  // The most comments one page of "List issue comments" returns (GitHub's REST docs: per_page, max 100).
  commentsPerPage: 100,
}
