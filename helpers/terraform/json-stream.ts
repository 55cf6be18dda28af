/**
 * Terraform's and OpenTofu's machine-readable UI (`-json`, one JSON object a line, documented as "Machine-readable
 * UI": types version, planned_change, apply_start, apply_complete, change_summary, diagnostic, outputs, …).
 * Only what the benches report is read; outputs are never read, so no sensitive value can reach a report.
 */
export interface ChangeSummary {
  add: number
  change: number
  remove: number
}

export interface TerraformRunFacts {
  summary: ChangeSummary | null
  /** Per resource address: apply_start to apply_complete, from the messages' own timestamps. */
  resourceApplyMs: Record<string, number>
  /** Error diagnostics: summary and detail. */
  errors: string[]
}

interface StreamMessage {
  type?: string
  '@timestamp'?: string
  '@level'?: string
  hook?: { resource?: { addr?: string } }
  changes?: { add?: number; change?: number; remove?: number }
  diagnostic?: { severity?: string; summary?: string; detail?: string }
}

export function parseTerraformStream(stdout: string): TerraformRunFacts {
  const started = new Map<string, number>()
  const resourceApplyMs: Record<string, number> = {}
  const errors: string[] = []
  let summary: ChangeSummary | null = null
  for (const line of stdout.split('\n')) {
    const message = parseLine(line)
    if (!message) continue
    const addr = message.hook?.resource?.addr
    const atMs = message['@timestamp'] ? Date.parse(message['@timestamp']) : Number.NaN
    if (message.type === 'apply_start' && addr && Number.isFinite(atMs)) started.set(addr, atMs)
    if (message.type === 'apply_complete' && addr && Number.isFinite(atMs) && started.has(addr)) resourceApplyMs[addr] = atMs - started.get(addr)!
    if (message.type === 'change_summary' && message.changes) {
      summary = { add: message.changes.add ?? 0, change: message.changes.change ?? 0, remove: message.changes.remove ?? 0 }
    }
    if (message.type === 'diagnostic' && message.diagnostic?.severity === 'error') {
      errors.push([message.diagnostic.summary, message.diagnostic.detail].filter(Boolean).join(': '))
    }
  }
  return { summary, resourceApplyMs, errors }
}

function parseLine(line: string): StreamMessage | null {
  if (!line.startsWith('{')) return null
  try {
    return JSON.parse(line) as StreamMessage
  } catch {
    return null
  }
}
