import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { configJsonSchema } from '../helpers/config/schema.ts'
import { runIfEntry } from './cli/run-if-entry.ts'

/**
 * `npm run config-schema [file]`: the JSON Schema editors use to check flakebench.config.json as it is typed,
 * written to flakebench.config.schema.json in the working directory (npm runs it in flakebench's own).
 */
export async function writeConfigSchema(paths: string[]): Promise<number> {
  const target = resolve(paths[0] ?? 'flakebench.config.schema.json')
  writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`)
  console.log(`wrote ${target}`)
  return 0
}

await runIfEntry(import.meta.url, writeConfigSchema)
