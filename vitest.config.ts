import { defineConfig } from 'vitest/config'
import { loadConfig } from './helpers/config/load.ts'

// Output paths and the baseline come from flakebench.config.json (or FLAKEBENCH_CONFIG), like everything else.
const { output, baseline } = loadConfig().config

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: [
      'default',
      ['./reports/reporter.ts', { output, baseline }],
      // For CI test steps: Vitest's own JUnit reporter, when the config names a file.
      ...(output.junit ? [['junit', { outputFile: output.junit }] satisfies ['junit', { outputFile: string }]] : []),
    ],
    benchmark: {
      include: ['bench/**/*.bench.ts'],
      retainSamples: true,
    },
  },
})
