/** Display formatting for PERFORMANCE.md: units chosen by magnitude, three significant digits. */

function significant(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
}

/** 850 µs, 42.3 ms, 1.23 s, 2 min 05 s. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0 ms'
  // A confidence bound from very few samples can fall below zero; it is shown, not hidden.
  if (ms < 0) return `−${formatDurationMs(-ms)}`
  if (ms < 1) return `${significant(ms * 1000)} µs`
  if (ms < 1000) return `${significant(ms)} ms`
  if (ms < 60_000) return `${significant(ms / 1000)} s`
  const totalSeconds = Math.round(ms / 1000)
  return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, '0')} s`
}

/** Binary units: 512 B, 4.00 KiB, 1.50 MiB, 2.00 GiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${significant(value)} ${units[unit]}`
}

export function formatPct(pct: number): string {
  return `${pct.toFixed(1)} %`
}

/** 1 234 567: digit groups separated by spaces, as in the SI style. */
export function formatCount(count: number): string {
  const [whole = '', fraction] = String(count).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  return fraction === undefined ? grouped : `${grouped}.${fraction}`
}

export function formatCi([low, high]: readonly [number, number]): string {
  return `${formatDurationMs(low)} … ${formatDurationMs(high)}`
}
