import { defineConfig } from 'vitest/config'
import { loadConfig } from './helpers/config/load.ts'

// Output paths come from flakebench.config.json (or FLAKEBENCH_CONFIG), like everything else a user sets.
const { output } = loadConfig().config

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['./reports/reporter.ts', { resultsJson: output.resultsJson, markdown: output.markdown }]],
    benchmark: {
      include: ['bench/**/*.bench.ts'],
      retainSamples: true,
    },
  },
})
