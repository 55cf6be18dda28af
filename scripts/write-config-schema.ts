import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { configJsonSchema } from '../helpers/config/schema.ts'

// `npm run config-schema`: the JSON Schema editors use to check flakebench.config.json as it is typed.
const target = fileURLToPath(new URL('../flakebench.config.schema.json', import.meta.url))
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`)
console.log(`wrote ${target}`)
