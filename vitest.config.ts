import { defineConfig } from 'vitest/config'
import { loadConfig } from './helpers/config/load.ts'
import { runMode } from './helpers/config/run-mode.ts'
import { findOnPath, selectNixBuilds } from './helpers/process/nix-builds.ts'
import { pathWithNix } from './helpers/process/nix.ts'

// Output paths, the baseline and the run's mode come from the config (FLAKEBENCH_CONFIG, else flakebench.config.ts or .json), like everything else.
const { config } = loadConfig()
const { output, baseline } = config
// The run's first Nix goes first on PATH, for every worker and the reporter: each bench runs on it. Only when it is
// not already the `nix` found there, so that PATH keeps node_modules/.bin (Node 22) ahead of /usr/bin's node.
const [firstNix] = selectNixBuilds(config.nix).builds
if (firstNix && firstNix.path !== findOnPath('nix')) process.env.PATH = pathWithNix(firstNix.path)

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: [
      'default',
      ['./reports/reporter.ts', { output, baseline, mode: runMode(config), nixLabel: firstNix?.label }],
      // For CI test steps: Vitest's own JUnit reporter, when the config names a file.
      ...(output.junit ? [['junit', { outputFile: output.junit }] satisfies ['junit', { outputFile: string }]] : []),
    ],
    benchmark: {
      include: config.concerns ? config.concerns.map((concern) => `bench/${concern}.bench.ts`) : ['bench/**/*.bench.ts'],
      retainSamples: true,
    },
  },
})
