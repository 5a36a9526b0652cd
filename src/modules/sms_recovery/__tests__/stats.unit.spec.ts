import { assembleRecoveryStats, normalizeDecimal, sumAudience, utcDays } from "../queries/stats"

describe("utcDays", () => {
  it("lists every UTC day a half-open range touches", () => {
    expect(utcDays(new Date("2026-10-01T00:00:00Z"), new Date("2026-10-04T00:00:00Z"))).toEqual([
      "2026-10-01",
      "2026-10-02",
      "2026-10-03",
    ])
    expect(utcDays(new Date("2026-10-01T23:00:00Z"), new Date("2026-10-02T00:00:01Z"))).toEqual([
      "2026-10-01",
      "2026-10-02",
    ])
    expect(utcDays(new Date("2026-10-01T05:00:00Z"), new Date("2026-10-01T05:00:00Z"))).toEqual([])
  })
})

describe("sumAudience", () => {
  const range = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-04T00:00:00Z") }
  // Parts as the rollup, the partial days and the opt-outs answer them, including the number
  // sequences of the other filter, which must not count.
  const parts = [
    { kind: "recovery", won: false, texts: "5" },
    { kind: "recovery", won: true, texts: "2" },
    { kind: "recovery", won: true, texts: 1 },
    { kind: "phone", won: false, texts: "4" },
    { kind: "phone", won: false, texts: 2 },
    { kind: "campaign_phone", won: false, texts: "3" },
    { kind: "opted_out", won: false, texts: "1" },
  ]

  it("adds up recoveries, the won ones, and numbers across every campaign", () => {
    expect(sumAudience(parts, range)).toEqual({
      texted_recoveries: 8,
      recovered_recoveries: 3,
      texted_phones: 6,
      opted_out_phones: 1,
    })
  })

  it("counts a campaign's numbers from their sequence within the campaign", () => {
    expect(sumAudience(parts, { ...range, campaign_id: "smscmp_1" })).toMatchObject({ texted_phones: 3 })
  })
})

describe("normalizeDecimal", () => {
  it.each([
    ["108.50", "108.5"],
    ["54.00", "54"],
    ["0.000", "0"],
    ["100", "100"],
    ["1000", "1000"],
    ["-3.10", "-3.1"],
  ])("%s → %s", (value, expected) => {
    expect(normalizeDecimal(value)).toBe(expected)
  })
})

describe("assembleRecoveryStats", () => {
  const range = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-02T00:00:00Z") }
  const totals = { grouping: 7, step_position: null, variant_id: null, variant_name: null, day: null }
  const day = { step_position: 1, variant_id: null, variant_name: null, day: "2026-10-01" }

  it("rounds revenue per message half away from zero to the currency's minor unit", () => {
    const stats = assembleRecoveryStats(range, {
      messages: [{ ...day, sent: "8", delivered: "6", failed: "1", clicks: "5", unique_clicks: "3", segments: "9" }],
      attributions: [
        { ...totals, grouping: 15, currency_code: null, recovered: "2", click: "0", view: "0", total: "0" },
        { ...totals, grouping: 7, currency_code: "jpy", recovered: "1", click: "1001", view: "0", total: "1001" },
        { ...totals, grouping: 7, currency_code: "usd", recovered: "1", click: "0", view: "0.20", total: "0.20" },
      ],
      audience: { texted_recoveries: "4", recovered_recoveries: "2", texted_phones: "3", opted_out_phones: "1" },
    })

    expect(stats).toMatchObject({
      sent: 8,
      ctr: 0.375,
      recovered_carts: 2,
      conversion_rate: 0.5,
      opt_out_rate: 0.3333,
      revenue_per_message: [
        { currency_code: "jpy", amount: "125" },
        { currency_code: "usd", amount: "0.03" },
      ],
      daily: [{ date: "2026-10-01", sent: 8, clicks: 5, recovered: 0, revenue: [] }],
    })
  })

  it("answers zeros, not NaN, for an empty range", () => {
    const stats = assembleRecoveryStats(range, {
      messages: [],
      attributions: [],
      audience: { texted_recoveries: 0, recovered_recoveries: 0, texted_phones: 0, opted_out_phones: 0 },
    })
    expect(stats).toMatchObject({ sent: 0, ctr: 0, conversion_rate: 0, opt_out_rate: 0, recovered_revenue: [] })
  })

  it("tests each variant against its step's first variant by name, conversion per text", () => {
    const variant = (variant_id: string, variant_name: string, step_position: number, sent: number) => ({
      step_position, variant_id, variant_name, day: "2026-10-01",
      sent, delivered: sent, failed: 0, clicks: 0, unique_clicks: 0, segments: sent,
    })
    const recovered = (variant_id: string, step_position: number, count: number) => ({
      grouping: 9, currency_code: null, step_position, variant_id, variant_name: null, day: null,
      recovered: count, click: "0", view: "0", total: "0",
    })
    const stats = assembleRecoveryStats(range, {
      // Listed B first: the baseline is chosen by name, not by row order.
      messages: [variant("v_b", "B", 1, 200), variant("v_a", "A", 1, 200), variant("v_c", "C", 2, 10)],
      attributions: [recovered("v_a", 1, 20), recovered("v_b", 1, 34), recovered("v_c", 2, 1)],
      audience: { texted_recoveries: 0, recovered_recoveries: 0, texted_phones: 0, opted_out_phones: 0 },
    })
    const byName = (name: string) => stats.by_variant.find((row) => row.name === name)!
    expect(byName("A").comparison).toBeNull()
    expect(byName("C").comparison).toBeNull()
    expect(byName("B").comparison).toMatchObject({ baseline_variant_id: "v_a", enough_data: true })
    expect(byName("B").comparison).toHaveProperty("z", expect.closeTo(2.04844, 4))
  })

  it("sums the per-day rows of each step, variant and day into every breakdown, exactly", () => {
    const row = (step_position: number, variant_id: string | null, date: string, sent: number, clicks: number) => ({
      step_position, variant_id, variant_name: variant_id?.toUpperCase() ?? null, day: date,
      sent: String(sent), delivered: String(sent - 1), failed: "1", clicks: String(clicks),
      unique_clicks: String(Math.min(clicks, sent)), segments: String(2 * sent),
    })
    const twoDays = { from: new Date("2026-10-01T12:00:00Z"), to: new Date("2026-10-03T00:00:00Z") }
    const stats = assembleRecoveryStats(twoDays, {
      messages: [
        row(1, "a", "2026-10-01", 10, 4),
        row(1, "a", "2026-10-02", 7, 0),
        row(1, "b", "2026-10-02", 5, 1),
        row(2, "c", "2026-10-01", 3, 2),
        // A text recorded without a variant counts everywhere but in the variant breakdown.
        row(2, null, "2026-10-02", 1, 0),
      ],
      attributions: [],
      audience: { texted_recoveries: 0, recovered_recoveries: 0, texted_phones: 0, opted_out_phones: 0 },
    })

    expect(stats).toMatchObject({ sent: 26, delivered: 21, failed: 5, clicks: 7, unique_clicks: 7, segments: 52, ctr: 0.2692 })
    expect(stats.by_step.map(({ step_position, sent, delivered, failed, clicks, segments }) => ({ step_position, sent, delivered, failed, clicks, segments }))).toEqual([
      { step_position: 1, sent: 22, delivered: 19, failed: 3, clicks: 5, segments: 44 },
      { step_position: 2, sent: 4, delivered: 2, failed: 2, clicks: 2, segments: 8 },
    ])
    expect(stats.by_variant.map(({ variant_id, name, step_position, sent, clicks }) => ({ variant_id, name, step_position, sent, clicks }))).toEqual([
      { variant_id: "a", name: "A", step_position: 1, sent: 17, clicks: 4 },
      { variant_id: "b", name: "B", step_position: 1, sent: 5, clicks: 1 },
      { variant_id: "c", name: "C", step_position: 2, sent: 3, clicks: 2 },
    ])
    expect(stats.daily.map(({ date, sent, clicks }) => ({ date, sent, clicks }))).toEqual([
      { date: "2026-10-01", sent: 13, clicks: 6 },
      { date: "2026-10-02", sent: 13, clicks: 1 },
    ])
  })
})
