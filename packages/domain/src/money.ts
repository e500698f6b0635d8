// SPDX-License-Identifier: Apache-2.0

/**
 * An amount of money in integer fen (分). Every amount inside yibao is a `Fen`; yuan with two
 * decimals appear only at the edges (national messages, CSV files, the console).
 */
export type Fen = number

/**
 * A unit price in ten-thousandths of a yuan (0.01 fen). National unit prices (`pric`) carry up to
 * four decimals (a tablet at ¥0.0350), so they cannot be held in whole fen without loss.
 */
export type PriceE4 = number

const decimalRe = /^([+-])?(\d+)(?:\.(\d*))?$/

/**
 * Parses a decimal number written in yuan into an integer count of `10^-scale` yuan, exactly
 * (no binary floating point), rounding half away from zero beyond `scale` decimals.
 *
 * @param value - e.g. `"1153.00"`, `"0.035"`, `12.5`
 * @param scale - number of decimals kept (2 for fen, 4 for `PriceE4`)
 * @returns the scaled integer, or `undefined` when the text is not a decimal number
 */
export function parseScaled(value: string | number, scale: number): number | undefined {
  if (typeof value === 'number') {
    const quick = quickScaled(value, scale)
    if (quick !== undefined) return quick
  }
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim()
  const m = decimalRe.exec(text)
  if (!m) return undefined
  const sign = m[1] === '-' ? -1 : 1
  const whole = m[2] ?? '0'
  const frac = m[3] ?? ''
  const kept = (frac + '0'.repeat(scale)).slice(0, scale)
  const rest = frac.slice(scale)
  let n = Number(whole) * 10 ** scale + Number(kept === '' ? '0' : kept)
  if (rest.length > 0 && rest.charCodeAt(0) >= 53 /* '5' */) n += 1
  if (!Number.isSafeInteger(n)) return undefined
  return sign * n === 0 ? 0 : sign * n
}

/**
 * Below this magnitude a double is closer than 1e-9 to every decimal of at most 8 places that it
 * is the nearest double of (its spacing is at most 2^-29), so the text route of `parseScaled`
 * (`toFixed(8)`, cut, round) gives back exactly that decimal.
 */
const QUICK_LIMIT = 1e7

/** 10^scale for the scales the quick route takes. */
const POWERS = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000]

/**
 * The scaled integer of a number that is the double nearest to a decimal of at most `scale`
 * places (as JSON numbers such as `27.6` or `0.489` are), without going through text; undefined
 * when that does not hold or cannot be told this way, for the text route to decide. The integer
 * division `k / 10^scale` is correctly rounded, so it equals `value` exactly when `value` is the
 * nearest double to `k × 10^-scale`, and no other decimal of `scale` places is that close.
 */
function quickScaled(value: number, scale: number): number | undefined {
  const unit = POWERS[scale]
  if (unit === undefined || !(value < QUICK_LIMIT && value > -QUICK_LIMIT)) return undefined
  const k = Math.round(value * unit)
  // `+ 0` turns -0 into 0, as the text route does.
  return k / unit === value ? k + 0 : undefined
}

/**
 * The scaled integer of a number given as JSON, when it is exactly a decimal of at most `scale`
 * places (`Number(value.toFixed(scale)) === value`, e.g. `0.035` at scale 4 but not at scale 2);
 * undefined otherwise.
 *
 * @param value - a finite number
 * @param scale - number of decimals allowed (2 for fen, 4 for `PriceE4`)
 * @returns the scaled integer, or `undefined`
 */
export function exactScaled(value: number, scale: number): number | undefined {
  const quick = quickScaled(value, scale)
  if (quick !== undefined) return quick
  if (!Number.isFinite(value) || Number(value.toFixed(scale)) !== value) return undefined
  return parseScaled(value, scale)
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) return 'NaN'
  // toFixed(8) avoids exponent notation for small values; trailing zeros are harmless.
  return Math.abs(n) >= 1e21 ? String(n) : n.toFixed(8)
}

/** Parses yuan (string or number) into fen; `undefined` when not a number. */
export function yuanToFen(value: string | number): Fen | undefined {
  return parseScaled(value, 2)
}

/** Parses a unit price in yuan into `PriceE4`; `undefined` when not a number. */
export function yuanToPriceE4(value: string | number): PriceE4 | undefined {
  return parseScaled(value, 4)
}

function formatScaled(n: number, scale: number): string {
  const sign = n < 0 ? '-' : ''
  const abs = Math.abs(n)
  const unit = 10 ** scale
  const whole = Math.floor(abs / unit)
  const frac = String(abs % unit).padStart(scale, '0')
  return `${sign}${whole}.${frac}`
}

/** Formats fen as yuan with two decimals: `115300` → `"1153.00"`. */
export function fenToYuan(fen: Fen): string {
  return formatScaled(fen, 2)
}

/** Formats a `PriceE4` as yuan with four decimals: `350` → `"0.0350"`. */
export function priceE4ToYuan(price: PriceE4): string {
  return formatScaled(price, 4)
}

/**
 * Rounds half-up (away from zero) to the nearest integer. Used once per computed amount.
 *
 * @param x - a non-integer amount, e.g. fen × ratio
 * @returns the rounded integer
 */
export function roundHalfUp(x: number): number {
  // The epsilon absorbs binary representation error such as 2.675 → 2.67499999.
  const r = Math.sign(x) * Math.floor(Math.abs(x) + 0.5 + 1e-9)
  return r === 0 ? 0 : r
}

/** fen × ratio, rounded half-up to the fen. */
export function mulFen(fen: Fen, ratio: number): Fen {
  return roundHalfUp(fen * ratio)
}

/**
 * The amount of `quantity` units at `price`, rounded half-up to the fen: what `cnt × pric`
 * should equal `det_item_fee_sumamt`.
 */
export function lineAmount(quantity: number, price: PriceE4): Fen {
  return roundHalfUp((quantity * price) / 100)
}

/** True when `value` is an integer number of fen. */
export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

/** Sum of fen amounts. */
export function sumFen(values: readonly Fen[]): Fen {
  let s = 0
  for (const v of values) s += v
  return s
}
