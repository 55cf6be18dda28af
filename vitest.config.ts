import { defineConfig } from 'vitest/config'
import { loadConfig } from './helpers/config/load.ts'
import { runMode } from './helpers/config/run-mode.ts'

// Output paths, the baseline and the run's mode come from the config (FLAKEBENCH_CONFIG, else flakebench.config.ts or .json), like everything else.
const { config } = loadConfig()
const { output, baseline } = config

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The toMeetThreshold matcher, registered once for every test and bench file (the bench project inherits it).
    setupFiles: ['./helpers/thresholds/matcher.ts'],
    reporters: [
      'default',
      ['./reports/reporter.ts', { output, baseline, mode: runMode(config) }],
      // For CI test steps: Vitest's own JUnit reporter, when the config names a file.
      ...(output.junit ? [['junit', { outputFile: output.junit }] satisfies ['junit', { outputFile: string }]] : []),
    ],
    benchmark: {
      include: config.concerns ? config.concerns.map((concern) => `bench/${concern}.bench.ts`) : ['bench/**/*.bench.ts'],
      retainSamples: true,
    },
  },
})
