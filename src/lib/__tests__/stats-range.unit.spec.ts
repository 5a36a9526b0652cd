import { splitStatsRange } from "../stats-range"

const at = (iso: string) => new Date(iso)

describe("splitStatsRange", () => {
  it("reads a range of whole UTC days from the rollups alone", () => {
    expect(splitStatsRange(at("2026-10-01T00:00:00Z"), at("2026-10-04T00:00:00Z"))).toEqual({
      days: { first: "2026-10-01", end: "2026-10-04", from: at("2026-10-01T00:00:00Z"), to: at("2026-10-04T00:00:00Z") },
      edges: [],
      fromDay: "2026-10-01",
      beforeFrom: null,
    })
  })

  it("reads the partial first and last days from raw rows, and what precedes `from` on its day", () => {
    expect(splitStatsRange(at("2026-11-02T19:00:00Z"), at("2026-12-02T19:00:00Z"))).toEqual({
      days: { first: "2026-11-03", end: "2026-12-02", from: at("2026-11-03T00:00:00Z"), to: at("2026-12-02T00:00:00Z") },
      edges: [
        { from: at("2026-11-02T19:00:00Z"), to: at("2026-11-03T00:00:00Z") },
        { from: at("2026-12-02T00:00:00Z"), to: at("2026-12-02T19:00:00Z") },
      ],
      fromDay: "2026-11-02",
      beforeFrom: { from: at("2026-11-02T00:00:00Z"), to: at("2026-11-02T19:00:00Z") },
    })
  })

  it("places an offset given in another zone on UTC days", () => {
    const split = splitStatsRange(at("2026-10-01T00:00:00+02:00"), at("2026-10-03T00:00:00+02:00"))
    expect(split.days).toMatchObject({ first: "2026-10-01", end: "2026-10-02" })
    expect(split.edges).toEqual([
      { from: at("2026-09-30T22:00:00Z"), to: at("2026-10-01T00:00:00Z") },
      { from: at("2026-10-02T00:00:00Z"), to: at("2026-10-02T22:00:00Z") },
    ])
    expect(split.fromDay).toBe("2026-09-30")
  })

  it("reads a range without a whole day from raw rows only", () => {
    expect(splitStatsRange(at("2026-10-01T05:00:00Z"), at("2026-10-02T23:00:00Z"))).toEqual({
      days: null,
      edges: [{ from: at("2026-10-01T05:00:00Z"), to: at("2026-10-02T23:00:00Z") }],
      fromDay: "2026-10-01",
      beforeFrom: null,
    })
  })

  it("keeps a whole last day whose end is exactly `to`, and nothing for an empty range", () => {
    const split = splitStatsRange(at("2026-10-01T12:00:00Z"), at("2026-10-03T00:00:00Z"))
    expect(split.days).toMatchObject({ first: "2026-10-02", end: "2026-10-03" })
    expect(split.edges).toEqual([{ from: at("2026-10-01T12:00:00Z"), to: at("2026-10-02T00:00:00Z") }])
    expect(splitStatsRange(at("2026-10-01T12:00:00Z"), at("2026-10-01T12:00:00Z"))).toMatchObject({ days: null, edges: [] })
  })
})
