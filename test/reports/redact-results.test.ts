import { expect, test } from 'vitest'
import { redactResults, resultsSchemaWords } from '../../reports/redact-results.ts'
import { serializeResults } from '../../reports/results-file.ts'
import { fakeColdShow } from './fake-results.ts'
import { performanceResults } from './results-factory.ts'

test('the schema\'s own words are read from it', () => {
  expect([...resultsSchemaWords()]).toEqual(expect.arrayContaining(['measured', 'skipped', 'failed', 'pass', 'fail', 'none', 'cold', 'warm', 'median', 'O(n log n)']))
})

test('a secret equal to a word of the schema leaves valid results: the word is kept whole, redacted inside longer strings', () => {
  const results = performanceResults([fakeColdShow({ command: ['deploy', '--mode=pass', 'pass'], verdict: { status: 'none' } })])
  const redacted = redactResults(results, { DB_PASS: 'pass', OTHER_TOKEN: 'none' })
  expect(() => serializeResults(redacted)).not.toThrow()
  const [bench] = redacted.benchmarks
  expect(bench).toMatchObject({ status: 'measured', verdict: { status: 'none' }, threshold: { statistic: 'median' } })
  expect(bench?.command).toEqual(['deploy', '--mode=[redacted:DB_PASS]', 'pass'])
})
