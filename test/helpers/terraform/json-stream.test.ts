import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { parseTerraformStream } from '../../../helpers/terraform/json-stream.ts'

/** Streams recorded from Terraform 1.11.4 (`-json`) on a two-resource terraform_data configuration. */
const recorded = (name: string) => readFileSync(new URL(`../../recorded/terraform-1.11/${name}`, import.meta.url), 'utf8')

test('plan on an empty state: the change summary', () => {
  expect(parseTerraformStream(recorded('plan-create.jsonl'))).toEqual({ summary: { add: 2, change: 0, remove: 0 }, resourceApplyMs: {}, errors: [] })
})

test('apply with changes: the last summary (the apply\'s) and per-resource apply times from the timestamps', () => {
  const facts = parseTerraformStream(recorded('apply-change.jsonl'))
  expect(facts.summary).toEqual({ add: 0, change: 2, remove: 0 })
  expect(Object.keys(facts.resourceApplyMs).sort()).toEqual(['terraform_data.m1', 'terraform_data.vps'])
  for (const ms of Object.values(facts.resourceApplyMs)) expect(ms).toBeGreaterThanOrEqual(0)
})

test('destroy', () => {
  expect(parseTerraformStream(recorded('destroy.jsonl')).summary).toEqual({ add: 0, change: 0, remove: 2 })
})

test('error diagnostics and lines that are not JSON', () => {
  const stream = [
    'Terraform has been successfully initialized!',
    JSON.stringify({ type: 'diagnostic', '@level': 'error', diagnostic: { severity: 'error', summary: 'Unsupported argument', detail: 'An argument named "inptu" is not expected here.' } }),
    JSON.stringify({ type: 'diagnostic', '@level': 'warn', diagnostic: { severity: 'warning', summary: 'Deprecated' } }),
  ].join('\n')
  expect(parseTerraformStream(stream).errors).toEqual(['Unsupported argument: An argument named "inptu" is not expected here.'])
})
