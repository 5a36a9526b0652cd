/**
 * A decimal amount in major units as Medusa hands it over: a Medusa `BigNumber` (its `raw.value`
 * or `value` is the exact decimal string, `numeric` a float), or the plain JSON of one.
 */
export type DecimalLike = {
  numeric?: number
  value?: string | number
  raw?: { value?: string | number }
}

export type MoneyAmount = number | string | DecimalLike

/**
 * ISO 4217 minor-unit exponents other than 2. A fixed table rather than ICU's digits: those
 * differ from ISO (HUF, IDR, IQD) and change between Node releases, which would silently
 * rescale minor units already stored.
 */
const ZERO_DECIMAL_CURRENCIES = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
  "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
])
const THREE_DECIMAL_CURRENCIES = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])
const FOUR_DECIMAL_CURRENCIES = new Set(["CLF", "UYW"])

const CURRENCY_CODE = /^[A-Z]{3}$/
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i
/** Far beyond any amount of money; stops `"1e999999999"` from building a gigantic bigint. */
const MAX_EXPONENT = 1000

/** Digits after the decimal point in the currency's minor unit (ISO 4217): JPY 0, USD 2, KWD 3. */
export function currencyFractionDigits(currencyCode: string): number {
  const currency = normalizeCurrency(currencyCode)
  if (ZERO_DECIMAL_CURRENCIES.has(currency)) {
    return 0
  }
  if (THREE_DECIMAL_CURRENCIES.has(currency)) {
    return 3
  }
  return FOUR_DECIMAL_CURRENCIES.has(currency) ? 4 : 2
}

/**
 * Formats an amount in major units for a text (`$19.99`, `1.234,50 €`, `¥1,000`), with the
 * currency's own fraction digits. The decimal is rounded exactly (half away from zero), never
 * through float arithmetic.
 */
export function formatMoney(amount: MoneyAmount, currencyCode: string, locale = "en-US"): string {
  const currency = normalizeCurrency(currencyCode)
  const exact = fromMinorUnits(toMinorUnits(amount, currency), currency)
  // NumberFormat v3 (ECMA-402, Node ≥ 19) formats a decimal string exactly, with no float in
  // between; TypeScript's ES2021 lib only types the number overload.
  const format = formatterFor(locale, currency).format as unknown as (value: string) => string
  return format(exact)
}

/**
 * Converts a decimal amount in major units to integer minor units with string arithmetic:
 * `"19.99"` USD → `1999n`, `"1000"` JPY → `1000n`, `0.1 + 0.2` → `30n`. Digits beyond the
 * currency's are rounded half away from zero (`"0.005"` USD → `1n`, `"-0.005"` → `-1n`).
 */
export function toMinorUnits(amount: MoneyAmount, currencyCode: string): bigint {
  const { negative, digits, exponent } = parseDecimal(decimalText(amount))
  const shift = exponent + currencyFractionDigits(currencyCode)
  const magnitude =
    shift >= 0
      ? BigInt(digits) * 10n ** BigInt(shift)
      : roundHalfUp(BigInt(digits), 10n ** BigInt(-shift))
  return negative ? -magnitude : magnitude
}

/** Integer minor units back to an exact decimal string: `1999n` USD → `"19.99"`, `-5n` → `"-0.05"`. */
export function fromMinorUnits(minor: bigint, currencyCode: string): string {
  const fractionDigits = currencyFractionDigits(currencyCode)
  const sign = minor < 0n ? "-" : ""
  const digits = (minor < 0n ? -minor : minor).toString()
  if (fractionDigits === 0) {
    return `${sign}${digits}`
  }
  const padded = digits.padStart(fractionDigits + 1, "0")
  return `${sign}${padded.slice(0, -fractionDigits)}.${padded.slice(-fractionDigits)}`
}

function normalizeCurrency(currencyCode: string): string {
  const currency = currencyCode.trim().toUpperCase()
  if (!CURRENCY_CODE.test(currency)) {
    throw new Error(`Invalid currency code "${currencyCode}": expected three letters, e.g. "usd"`)
  }
  return currency
}

/** The most exact decimal text an amount offers: a BigNumber's string before its float. */
function decimalText(amount: MoneyAmount): string {
  if (typeof amount === "number") {
    return numberText(amount)
  }
  if (typeof amount === "string") {
    return amount
  }
  const value = amount.raw?.value ?? amount.value ?? amount.numeric
  if (value === undefined) {
    throw new Error("Invalid amount: expected a number, a decimal string or a BigNumber")
  }
  return typeof value === "number" ? numberText(value) : value
}

/** The shortest text that reads back as the same float: `0.1 + 0.2` → `"0.30000000000000004"`. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`Invalid amount: ${value}`)
  }
  return String(value)
}

type ParsedDecimal = {
  negative: boolean
  /** All significant digits, without the point. */
  digits: string
  /** Power of ten to multiply `digits` by. */
  exponent: number
}

function parseDecimal(text: string): ParsedDecimal {
  const match = DECIMAL.exec(text.trim())
  const [, sign = "", whole = "", fraction = "", exponentText = "0"] = match ?? []
  const exponent = Number(exponentText) - fraction.length
  if (!match || whole.length + fraction.length === 0 || Math.abs(exponent) > MAX_EXPONENT) {
    throw new Error(`Invalid amount "${text}": expected a decimal number such as "19.99"`)
  }
  return { negative: sign === "-", digits: `${whole}${fraction}`, exponent }
}

function roundHalfUp(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor
  return (value % divisor) * 2n >= divisor ? quotient + 1n : quotient
}

const formatters = new Map<string, Intl.NumberFormat>()

function formatterFor(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`
  const cached = formatters.get(key)
  if (cached) {
    return cached
  }
  const fractionDigits = currencyFractionDigits(currency)
  const formatter = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  })
  formatters.set(key, formatter)
  return formatter
}
