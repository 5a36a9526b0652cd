import { currencyFractionDigits, formatMoney, fromMinorUnits, toMinorUnits } from "../money"

const NBSP = "\u00a0"

describe("currencyFractionDigits", () => {
  it.each([
    ["USD", 2],
    ["usd", 2],
    [" eur ", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["CLP", 0],
    ["ISK", 0],
    ["XOF", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["IQD", 3],
    ["TND", 3],
    ["CLF", 4],
    ["HUF", 2],
    ["IDR", 2],
    ["GBP", 2],
  ])("%s → %i", (currency, digits) => {
    expect(currencyFractionDigits(currency)).toBe(digits)
  })

  it.each(["", "US", "USDD", "U$D", "123"])("refuses %p", (currency) => {
    expect(() => currencyFractionDigits(currency)).toThrow(`Invalid currency code "${currency}"`)
  })
})

describe("toMinorUnits", () => {
  it.each([
    ["19.99", "USD", 1999n],
    ["19.9", "USD", 1990n],
    ["19", "USD", 1900n],
    ["0.3", "USD", 30n],
    [".5", "USD", 50n],
    ["5.", "USD", 500n],
    ["+5", "USD", 500n],
    ["-5", "USD", -500n],
    ["-0.05", "USD", -5n],
    ["0", "USD", 0n],
    ["-0", "USD", 0n],
    ["  12.34  ", "usd", 1234n],
    ["1000", "JPY", 1000n],
    ["1000.4", "JPY", 1000n],
    ["1000.5", "JPY", 1001n],
    ["1.234", "KWD", 1234n],
    ["1.2345", "KWD", 1235n],
    ["1.2344", "KWD", 1234n],
    ["0.004", "USD", 0n],
    ["0.005", "USD", 1n],
    ["0.0049999", "USD", 0n],
    ["-0.005", "USD", -1n],
    ["-0.004", "USD", 0n],
    ["2.675", "USD", 268n], // 2.675 as a float is 2.67499…; as a decimal it rounds up
    ["1e3", "USD", 100000n],
    ["1.5E-2", "USD", 2n],
    ["12345678901234567890.12", "USD", 1234567890123456789012n],
    ["99999999999999999999999.999", "USD", 10000000000000000000000000n],
  ])("%p %s → %p", (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor)
  })

  it.each([
    [19.99, "USD", 1999n],
    [0.1 + 0.2, "USD", 30n],
    [1.005, "USD", 101n], // shortest text of the float is "1.005"
    [1000, "JPY", 1000n],
    [1e21, "USD", 100000000000000000000000n],
    [1e-7, "USD", 0n],
    [-19.99, "USD", -1999n],
  ])("number %p %s → %p", (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor)
  })

  it.each([
    [{ value: "19.99" }, 1999n],
    [{ numeric: 19.99 }, 1999n],
    [{ raw: { value: "19.99" } }, 1999n],
    [{ raw: { value: "19.99" }, numeric: 20 }, 1999n],
    [{ value: "19.99", numeric: 20 }, 1999n],
    [{ value: 7.5 }, 750n],
  ])("BigNumber-like %j → %p", (amount, minor) => {
    expect(toMinorUnits(amount, "USD")).toBe(minor)
  })

  it.each(["", " ", "abc", "1,000", "1.2.3", "$5", "5 USD", ".", "-", "e5", "1e", "0x10", "1e1001", "Infinity"])(
    "refuses %p",
    (amount) => {
      expect(() => toMinorUnits(amount, "USD")).toThrow("Invalid amount")
    }
  )

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])("refuses %p", (amount) => {
    expect(() => toMinorUnits(amount, "USD")).toThrow("Invalid amount")
  })

  it("refuses an object without a value", () => {
    expect(() => toMinorUnits({}, "USD")).toThrow("Invalid amount")
  })
})

describe("fromMinorUnits", () => {
  it.each([
    [1999n, "USD", "19.99"],
    [5n, "USD", "0.05"],
    [-5n, "USD", "-0.05"],
    [0n, "USD", "0.00"],
    [100n, "USD", "1.00"],
    [-123456n, "USD", "-1234.56"],
    [1000n, "JPY", "1000"],
    [-7n, "JPY", "-7"],
    [1234n, "KWD", "1.234"],
    [1n, "KWD", "0.001"],
    [12345n, "CLF", "1.2345"],
    [1234567890123456789012n, "USD", "12345678901234567890.12"],
  ])("%p %s → %p", (minor, currency, decimal) => {
    expect(fromMinorUnits(minor, currency)).toBe(decimal)
  })

  it.each(["0.01", "19.99", "-0.05", "12345678901234567890.12"])("round-trips %p", (decimal) => {
    expect(fromMinorUnits(toMinorUnits(decimal, "USD"), "USD")).toBe(decimal)
  })
})

describe("formatMoney", () => {
  it.each([
    [19.99, "USD", "en-US", "$19.99"],
    ["19.99", "usd", "en-US", "$19.99"],
    [0.1 + 0.2, "USD", "en-US", "$0.30"],
    ["0.3", "USD", "en-US", "$0.30"],
    [5, "USD", "en-US", "$5.00"],
    ["0.005", "USD", "en-US", "$0.01"],
    ["0.004", "USD", "en-US", "$0.00"],
    ["-0.004", "USD", "en-US", "$0.00"],
    ["-12.5", "USD", "en-US", "-$12.50"],
    ["1234.5", "EUR", "de-DE", `1.234,50${NBSP}€`],
    ["0.3", "EUR", "de-DE", `0,30${NBSP}€`],
    ["1234.5", "EUR", "en-US", "€1,234.50"],
    ["1000", "JPY", "en-US", "¥1,000"],
    ["1000.5", "JPY", "en-US", "¥1,001"],
    ["1000", "JPY", "ja-JP", "￥1,000"],
    ["1.2345", "KWD", "en-US", `KWD${NBSP}1.235`],
    ["12.5", "GBP", "en-GB", "£12.50"],
    ["12345678901234567.89", "USD", "en-US", "$12,345,678,901,234,567.89"],
    [{ value: "49.95" }, "USD", "en-US", "$49.95"],
    [{ numeric: 49.95 }, "USD", "en-US", "$49.95"],
  ])("%p %s (%s) → %p", (amount, currency, locale, formatted) => {
    expect(formatMoney(amount, currency, locale)).toBe(formatted)
  })

  it("uses en-US by default", () => {
    expect(formatMoney("1234.5", "USD")).toBe("$1,234.50")
  })

  it("refuses a bad currency or amount", () => {
    expect(() => formatMoney("1", "dollars")).toThrow('Invalid currency code "dollars"')
    expect(() => formatMoney("one", "USD")).toThrow('Invalid amount "one"')
  })
})
