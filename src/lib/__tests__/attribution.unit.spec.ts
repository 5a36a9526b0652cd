import { chooseAttribution, type AttributionCandidate } from "../attribution"

const PLACED = new Date("2026-11-20T12:00:00Z")
const hoursBefore = (hours: number) => new Date(PLACED.getTime() - hours * 3_600_000)

function candidate(id: string, overrides: Partial<AttributionCandidate> = {}): AttributionCandidate {
  return {
    message_id: id,
    recovery_id: `rec_${id}`,
    same_cart: true,
    sent_at: hoursBefore(48),
    held_out_at: null,
    delivered_at: null,
    last_clicked_at: null,
    click_window_hours: 120,
    view_window_hours: 24,
    ...overrides,
  }
}

function choose(candidates: AttributionCandidate[]) {
  const choice = chooseAttribution(candidates, PLACED)
  return choice && { model: choice.model, message_id: choice.candidate.message_id }
}

describe("chooseAttribution", () => {
  it("credits nothing without candidates", () => {
    expect(choose([])).toBeNull()
  })

  it.each([
    ["inside the click window", 119, { model: "click", message_id: "m1" }],
    ["exactly at the window's start", 120, { model: "click", message_id: "m1" }],
    ["outside the click window", 121, null],
  ])("a click %s", (_, hours, expected) => {
    expect(choose([candidate("m1", { last_clicked_at: hoursBefore(hours as number) })])).toEqual(expected)
  })

  it("ignores a click after the order", () => {
    expect(choose([candidate("m1", { last_clicked_at: new Date(PLACED.getTime() + 1000) })])).toBeNull()
  })

  it("uses the campaign's own click window", () => {
    const clicked = candidate("m1", { last_clicked_at: hoursBefore(30), click_window_hours: 24 })
    expect(choose([clicked])).toBeNull()
  })

  it("prefers the latest click", () => {
    expect(
      choose([
        candidate("early", { last_clicked_at: hoursBefore(10) }),
        candidate("late", { last_clicked_at: hoursBefore(2) }),
        candidate("middle", { last_clicked_at: hoursBefore(5) }),
      ])
    ).toEqual({ model: "click", message_id: "late" })
  })

  it("prefers any click in its window over a more recent delivery", () => {
    expect(
      choose([
        candidate("delivered", { sent_at: hoursBefore(1), delivered_at: hoursBefore(1) }),
        candidate("clicked", { last_clicked_at: hoursBefore(100) }),
      ])
    ).toEqual({ model: "click", message_id: "clicked" })
  })

  it.each([
    ["delivered inside the view window", { delivered_at: hoursBefore(23) }, "view"],
    ["delivered outside the view window", { delivered_at: hoursBefore(25) }, null],
    ["sent inside the window with no delivery report", { sent_at: hoursBefore(3) }, "view"],
    ["sent long ago, delivered recently", { sent_at: hoursBefore(40), delivered_at: hoursBefore(2) }, "view"],
  ])("a text %s", (_, overrides, model) => {
    const choice = choose([candidate("m1", overrides)])
    expect(choice?.model ?? null).toBe(model)
  })

  it("prefers the latest delivery for a view", () => {
    expect(
      choose([
        candidate("older", { delivered_at: hoursBefore(20) }),
        candidate("newer", { delivered_at: hoursBefore(4) }),
      ])
    ).toEqual({ model: "view", message_id: "newer" })
  })

  it("reads instants serialized as ISO strings, as workflow data may hold them", () => {
    const serialized = candidate("m1", {
      sent_at: hoursBefore(30).toISOString(),
      last_clicked_at: hoursBefore(2).toISOString(),
    })
    expect(chooseAttribution([serialized], PLACED.toISOString())?.model).toBe("click")
  })

  it("credits the order's own cart before texts about other carts", () => {
    expect(
      choose([
        candidate("other-cart", { same_cart: false, last_clicked_at: hoursBefore(1) }),
        candidate("own-cart", { delivered_at: hoursBefore(20) }),
      ])
    ).toEqual({ model: "view", message_id: "own-cart" })
  })

  it("falls back to the same customer's other carts when the own cart's texts do not qualify", () => {
    expect(
      choose([
        candidate("own-cart", { delivered_at: hoursBefore(200) }),
        candidate("other-cart", { same_cart: false, last_clicked_at: hoursBefore(30) }),
      ])
    ).toEqual({ model: "click", message_id: "other-cart" })
  })

  describe("held-out texts", () => {
    const heldOut = (id: string, hours: number, overrides: Partial<AttributionCandidate> = {}) =>
      candidate(id, { sent_at: null, held_out_at: hoursBefore(hours), ...overrides })

    it.each([
      ["inside the click window", 119, { model: "holdout", message_id: "h1" }],
      ["exactly at the click window's start", 120, { model: "holdout", message_id: "h1" }],
      ["outside the click window", 121, null],
      // The view window (24 h) does not bound it: the holdout gets the click window.
      ["past the view window but inside the click window", 30, { model: "holdout", message_id: "h1" }],
    ])("credits the holdout for a text held out %s", (_, hours, expected) => {
      expect(choose([heldOut("h1", hours as number)])).toEqual(expected)
    })

    it("uses the campaign's own click window", () => {
      expect(choose([heldOut("h1", 30, { click_window_hours: 24 })])).toBeNull()
    })

    it("ignores a text held out after the order", () => {
      expect(choose([candidate("h1", { sent_at: null, held_out_at: new Date(PLACED.getTime() + 1000) })])).toBeNull()
    })

    it("prefers the latest held-out text", () => {
      expect(choose([heldOut("older", 50), heldOut("newer", 5)])).toEqual({ model: "holdout", message_id: "newer" })
    })

    it("leaves a sent text's click or view credit as it was", () => {
      expect(choose([heldOut("held", 1), candidate("clicked", { last_clicked_at: hoursBefore(100) })])).toEqual({
        model: "click",
        message_id: "clicked",
      })
      expect(choose([heldOut("held", 1), candidate("viewed", { delivered_at: hoursBefore(20) })])).toEqual({
        model: "view",
        message_id: "viewed",
      })
    })

    it("credits the order's own cart's held-out text before another cart's sent one", () => {
      expect(
        choose([heldOut("own-cart", 10), candidate("other-cart", { same_cart: false, last_clicked_at: hoursBefore(1) })])
      ).toEqual({ model: "holdout", message_id: "own-cart" })
    })
  })
})
