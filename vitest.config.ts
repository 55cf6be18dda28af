import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { loadConfig } from './helpers/config/load.ts'
import { runMode } from './helpers/config/run-mode.ts'
import { findOnPath, selectNixBuilds } from './helpers/process/nix-builds.ts'
import { pathWithNix } from './helpers/process/nix.ts'

// Output paths, the baseline and the run's mode come from the config (FLAKEBENCH_CONFIG, else flakebench.config.ts or .json), like everything else.
const { config } = loadConfig()
const { output, baseline } = config
// A chosen first Nix (FLAKEBENCH_NIX or the config's `nix`) goes first on PATH, for every worker and the reporter:
// each bench runs on it. By default the run's Nix is the one on PATH, left as it is (a missing one is reported);
// nor is PATH changed when the chosen one is already found there, so node_modules/.bin (Node 22) stays ahead of /usr/bin.
const nixSelection = selectNixBuilds(config.nix)
const [firstNix] = nixSelection.builds
if (nixSelection.source !== 'default' && firstNix && firstNix.path !== findOnPath('nix')) process.env.PATH = pathWithNix(firstNix.path)

// `vitest bench` (npm run bench, the flakebench CLI, the integration tests' bench runs) runs only the bench project.
const benchRun = process.argv.slice(2).includes('bench')

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A bench run's files share one worker process instead of starting and importing one each (~1 s per file, 11
    // files; quick measured 39.2 → 32.6 s CPU, loaded): the bench project runs them one after another anyway, and
    // no bench file changes the process (environment, working directory) for the next. Each keeps its own afterAll
    // hooks, stores and hosts. The unit tests stay isolated: they set environment variables and fake modules.
    isolate: !benchRun,
    // Vitest's default is one worker fewer than the cores: 1 on 2 cores, so the test files ran one after another
    // (958 s loaded). They mostly wait on nix, sshd and bench runs in child processes, and each makes its own
    // stores, hosts and subnets, so two at a time are safe. The bench project stays at 1 (Vitest sets it).
    maxWorkers: Math.max(2, availableParallelism()),
    // The toMeetThreshold matcher, registered once for every test and bench file (the bench project inherits it).
    setupFiles: ['./helpers/thresholds/matcher.ts'],
    // Once per run, before the workers start: GNU time's cost, shared with every bench file (helpers/measure/run-setup.ts).
    globalSetup: ['./helpers/measure/run-setup.ts'],
    reporters: [
      'default',
      ['./reports/reporter.ts', { output, baseline, mode: runMode(config), nixLabel: firstNix?.label, copyLawsFrom: config.deploy.copyLawsFrom }],
      // For CI test steps: Vitest's own JUnit reporter, when the config names a file.
      ...(output.junit ? [['junit', { outputFile: output.junit }] satisfies ['junit', { outputFile: string }]] : []),
    ],
    benchmark: {
      include: config.concerns ? config.concerns.map((concern) => `bench/${concern}.bench.ts`) : ['bench/**/*.bench.ts'],
      retainSamples: true,
    },
  },
})
