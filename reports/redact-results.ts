import { z } from 'zod'
import { redactor } from '../helpers/redact.ts'
import { PerformanceResultsSchema, type PerformanceResults } from '../helpers/model/results-schema.ts'

let schemaWords: Set<string> | undefined

/**
 * Every string the results schema fixes (statuses, verdicts, cache states, model names, …), read from its JSON
 * Schema: `enum` and `const` values.
 */
export function resultsSchemaWords(): ReadonlySet<string> {
  if (schemaWords) return schemaWords
  const words = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    for (const [key, child] of Object.entries(node)) {
      if (key === 'enum' && Array.isArray(child)) for (const word of child) if (typeof word === 'string') words.add(word)
      if (key === 'const' && typeof child === 'string') words.add(child)
      visit(child)
    }
  }
  visit(z.toJSONSchema(PerformanceResultsSchema, { io: 'output', unrepresentable: 'any' }))
  schemaWords = words
  return words
}

/**
 * The results with every secret redacted (helpers/redact.ts), except where a whole string is one of the schema's
 * own words: a "secret" such as "none" or "pass" is not worth a results file that no longer validates. Inside
 * longer strings it is still redacted.
 */
export function redactResults(results: PerformanceResults, env: NodeJS.ProcessEnv = process.env): PerformanceResults {
  return redactor(env).value(results, resultsSchemaWords())
}
