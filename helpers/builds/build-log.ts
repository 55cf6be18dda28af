import { stripVTControlCharacters } from 'node:util'
import type { TimedLine } from '../process/run-command.ts'

/**
 * Nix's `--log-format internal-json` activity and result types (libutil/logging.hh; Lix keeps the same numbers).
 * Only the ones the breakdown reads are named.
 */
export const ACTIVITY = { build: 105, substitute: 108 } as const
export const RESULT = { buildLogLine: 101 } as const

export interface BuildBreakdown {
  /** Derivations Nix built (one `build` activity each). */
  derivationsBuilt: number
  /** Store paths fetched from a substituter (one `substitute` activity each). */
  pathsSubstituted: number
  /** Wall time during which at least one build ran. */
  buildingMs: number
  /** Wall time during which at least one substitution ran. */
  substitutingMs: number
  /** The derivations that were built, for messages. */
  builtDerivations: string[]
  /** The store paths that were substituted. */
  substitutedPaths: string[]
  /** Nix's own error messages (level 0, colours removed), e.g. "builder for '…drv' failed with exit code 3". */
  errors: string[]
  /** The last lines each built derivation logged, by derivation path. */
  logTails: Record<string, string[]>
}

/** Lines of a derivation's build log kept for a failure message. */
const LOG_TAIL_LINES = 10

interface Activity {
  type: number
  startMs: number
  stopMs: number | null
  fields: unknown[]
  logTail: string[]
}

/** Reads one run's timestamped stderr; lines that are not `@nix {…}` JSON are ignored. */
export function parseBuildLog(lines: readonly TimedLine[]): BuildBreakdown {
  const activities = new Map<number, Activity>()
  const errors: string[] = []
  let lastMs = 0
  for (const { atMs, text } of lines) {
    lastMs = atMs
    const event = parseEvent(text)
    if (!event) continue
    if (event.action === 'start') {
      activities.set(event.id, { type: event.type ?? 0, startMs: atMs, stopMs: null, fields: event.fields ?? [], logTail: [] })
    } else if (event.action === 'stop') {
      const activity = activities.get(event.id)
      if (activity) activity.stopMs = atMs
    } else if (event.action === 'result' && event.type === RESULT.buildLogLine) {
      const activity = activities.get(event.id)
      const line = event.fields?.[0]
      if (activity && typeof line === 'string') activity.logTail = [...activity.logTail, line].slice(-LOG_TAIL_LINES)
    } else if (event.action === 'msg' && event.level === 0 && typeof event.msg === 'string') {
      errors.push(stripVTControlCharacters(event.msg))
    }
  }
  const ofType = (type: number) => [...activities.values()].filter((activity) => activity.type === type)
  const builds = ofType(ACTIVITY.build)
  const span = (list: Activity[]) => unionMs(list.map((activity) => [activity.startMs, activity.stopMs ?? lastMs]))
  return {
    derivationsBuilt: builds.length,
    pathsSubstituted: ofType(ACTIVITY.substitute).length,
    buildingMs: span(builds),
    substitutingMs: span(ofType(ACTIVITY.substitute)),
    builtDerivations: builds.map((activity) => String(activity.fields[0] ?? '')),
    substitutedPaths: ofType(ACTIVITY.substitute).map((activity) => String(activity.fields[0] ?? '')),
    errors,
    logTails: Object.fromEntries(builds.map((activity) => [String(activity.fields[0] ?? ''), activity.logTail])),
  }
}

interface LogEvent {
  action: string
  id: number
  type?: number
  level?: number
  msg?: string
  fields?: unknown[]
}

function parseEvent(text: string): LogEvent | null {
  if (!text.startsWith('@nix ')) return null
  try {
    return JSON.parse(text.slice(5)) as LogEvent
  } catch {
    return null
  }
}

/** Total length of the union of intervals: parallel activities count once. */
export function unionMs(intervals: ReadonlyArray<readonly [number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  let total = 0
  let [currentStart, currentEnd] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]
  for (const [start, end] of sorted) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart
      ;[currentStart, currentEnd] = [start, end]
    } else {
      currentEnd = Math.max(currentEnd, end)
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart
  return total
}
