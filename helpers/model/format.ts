/**
 * Display formatting for every figure flakebench writes: PERFORMANCE.md, the terminal, and the judgements'
 * sentences, so one limit never reads two ways. One rule throughout: three significant digits (whole numbers from
 * 100 up), the unit chosen after rounding so that 999.7 ms reads "1.00 s", never "1000 ms". Negatives (a
 * confidence bound from very few samples, a slower warm run) get a true minus sign "−".
 */

const SECOND_MS = 1000
const MINUTE_MS = 60 * SECOND_MS
const HOUR_MS = 60 * MINUTE_MS
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const

/** Rounded to three significant digits; a separate step so callers can pick the unit from the rounded value. */
function roundSignificant(value: number): number {
  return Number(value.toPrecision(3))
}

/** A value already rounded to three significant digits, printed with the decimals that keep three digits. */
function threeDigits(rounded: number): string {
  return rounded >= 100 ? rounded.toFixed(0) : rounded >= 10 ? rounded.toFixed(1) : rounded.toFixed(2)
}

function signed(value: number, formatMagnitude: (magnitude: number) => string): string {
  return value < 0 ? `−${formatMagnitude(-value)}` : formatMagnitude(value)
}

/** 850 µs, 42.3 ms, 1.23 s, 2 min 05 s, 1 h 02 min. */
export function formatDurationMs(ms: number): string {
  return signed(ms, (magnitude) => {
    if (magnitude === 0) return '0 ms'
    if (roundSignificant(magnitude) < 1) return `${threeDigits(roundSignificant(magnitude * 1000))} µs`
    if (roundSignificant(magnitude) < SECOND_MS) return `${threeDigits(roundSignificant(magnitude))} ms`
    if (roundSignificant(magnitude) < MINUTE_MS) return `${threeDigits(roundSignificant(magnitude / SECOND_MS))} s`
    const seconds = Math.round(magnitude / SECOND_MS)
    if (seconds < HOUR_MS / SECOND_MS) return `${Math.floor(seconds / 60)} min ${twoDigits(seconds % 60)} s`
    const minutes = Math.round(magnitude / MINUTE_MS)
    return `${Math.floor(minutes / 60)} h ${twoDigits(minutes % 60)} min`
  })
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0')
}

/** Binary units, switching up at 1000 so a figure never has four digits: 512 B, 4.00 KiB, 0.98 MiB, 24.0 GiB. */
export function formatBytes(bytes: number): string {
  return signed(bytes, (magnitude) => {
    let value = magnitude
    let unit = 0
    while (roundSignificant(value) >= 1000 && unit < BINARY_UNITS.length - 1) {
      value /= 1024
      unit += 1
    }
    return unit === 0 ? `${Math.round(value)} B` : `${threeDigits(roundSignificant(value))} ${BINARY_UNITS[unit]}`
  })
}

/** Kilobytes as GNU time reports them (KiB), e.g. peak RSS. */
export function formatKb(kb: number): string {
  return formatBytes(kb * 1024)
}

/** One decimal and a percent sign: 99.8 %; a rounded zero never shows as "−0.0 %". */
export function formatPct(pct: number): string {
  const tenths = Math.round(Math.abs(pct) * 10)
  return signed(tenths === 0 ? 0 : Math.sign(pct) * tenths, (magnitude) => `${(magnitude / 10).toFixed(1)} %`)
}

/** 1 234 567: digit groups separated by spaces, as in the SI style; fractions are kept as they are. */
export function formatCount(count: number): string {
  return signed(count, (magnitude) => {
    const [whole = '', fraction] = String(magnitude).split('.')
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
    return fraction === undefined ? grouped : `${grouped}.${fraction}`
  })
}

/** A 95 % confidence interval of a duration: 71.2 ms … 86.0 ms. */
export function formatCi([lowMs, highMs]: readonly [number, number]): string {
  return `${formatDurationMs(lowMs)} … ${formatDurationMs(highMs)}`
}

/**
 * A median as far as it is known: below the samples' resolution it is only known to be under it, and says so
 * ("below resolution (< 180 µs)") rather than print a figure the harness cannot tell from 0.
 */
export function formatMedian(statistics: { medianMs: number; resolutionMs?: number | undefined; belowResolution?: boolean | undefined }): string {
  return statistics.belowResolution && statistics.resolutionMs !== undefined
    ? `below resolution (< ${formatDurationMs(statistics.resolutionMs)})`
    : formatDurationMs(statistics.medianMs)
}
