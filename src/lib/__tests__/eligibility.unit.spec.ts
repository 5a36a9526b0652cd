import { evaluateReminder, type ReminderFacts } from "../eligibility"

const HOUR = 3_600_000
// 15:00 in New York (EST): inside the default 09:00–20:00 window.
const NOW = new Date("2026-11-27T20:00:00Z")

function facts(overrides: Partial<ReminderFacts> = {}): ReminderFacts {
  return {
    now: NOW,
    recoveryStatus: "tracking",
    claimHeld: true,
    campaign: {
      enabled: true,
      active_since: new Date("2026-11-01T00:00:00Z"),
      max_per_phone_per_24h: 2,
      quiet_hours_start: "09:00",
      quiet_hours_end: "20:00",
      min_cart_total: null,
    },
    step: { position: 1, channel: "sms", expires_after_hours: 24 },
    dueAt: new Date(NOW.getTime() - 5 * 60_000),
    abandonedAt: new Date(NOW.getTime() - 5 * 60_000),
    lastActivityAt: new Date(NOW.getTime() - 35 * 60_000),
    cart: { completed: false, itemCount: 2, total: 98, email: "ana@example.com" },
    phone: { e164: "+14155550123", country: "US" },
    consentStatus: "opted_in",
    smsSentThisRecovery: 0,
    stepAlreadySent: false,
    sentToPhoneLast24h: [],
    orderedSinceAbandonment: false,
    noCampaignMatches: false,
    timeZone: "America/New_York",
    ...overrides,
  }
}

const campaign = facts().campaign!

describe("evaluateReminder", () => {
  it("sends when every check passes", () => {
    expect(evaluateReminder(facts())).toEqual({ action: "send" })
  })

  it.each<[string, Partial<ReminderFacts>, unknown]>([
    ["claim retaken by another worker", { claimHeld: false }, { action: "leave", reason: "claim_lost" }],
    ["recovery ended meanwhile", { recoveryStatus: "stopped" }, { action: "leave", reason: "recovery_closed" }],
    // A worker whose page outlived its lease sent the step; the one that retook it finishes it,
    // rather than judging it again (the US rule would count the step's own text and skip it).
    ["step already sent by a worker that lost its claim", { stepAlreadySent: true, smsSentThisRecovery: 1 }, { action: "advance", reason: "step_already_sent" }],
    ["step already sent, campaign switched off since", { stepAlreadySent: true, campaign: { ...campaign, enabled: false } }, { action: "advance", reason: "step_already_sent" }],
    ["step not due yet (shopper came back, or the next step was scheduled)", { dueAt: new Date(NOW.getTime() + HOUR) }, { action: "defer", until: new Date(NOW.getTime() + HOUR), reason: "not_due" }],
    ["campaign switched off", { campaign: { ...campaign, enabled: false } }, { action: "end", status: "expired", reason: "campaign_disabled" }],
    ["no campaign", { campaign: null }, { action: "end", status: "expired", reason: "campaign_disabled" }],
    ["cart gone", { cart: null }, { action: "end", status: "expired", reason: "cart_not_found" }],
    ["cart completed", { cart: { completed: true, itemCount: 2, total: 98, email: null } }, { action: "end", status: "completed", reason: "cart_completed" }],
    ["ordered since", { orderedSinceAbandonment: true }, { action: "end", status: "completed", reason: "ordered_since_abandonment" }],
    ["no enabled campaign targets the cart", { noCampaignMatches: true, campaign: null }, { action: "park", reason: "no_matching_campaign" }],
    ["no campaign targets a cart that is gone", { noCampaignMatches: true, campaign: null, cart: null }, { action: "end", status: "expired", reason: "cart_not_found" }],
    ["no campaign targets a cart bought since", { noCampaignMatches: true, campaign: null, orderedSinceAbandonment: true }, { action: "end", status: "completed", reason: "ordered_since_abandonment" }],
    ["no campaign targets the cart, claim retaken", { noCampaignMatches: true, campaign: null, claimHeld: false }, { action: "leave", reason: "claim_lost" }],
    ["idle before the campaign was switched on", { campaign: { ...campaign, active_since: new Date(NOW.getTime() - 10 * 60_000) } }, { action: "end", status: "expired", reason: "idle_before_campaign" }],
    ["no more steps, none sent", { step: null }, { action: "end", status: "expired", reason: "no_more_steps" }],
    ["no more steps after a reminder", { step: null, recoveryStatus: "active" }, { action: "end", status: "exhausted", reason: "no_more_steps" }],
    ["step expired", { dueAt: new Date(NOW.getTime() - 25 * HOUR) }, { action: "skip_step", reason: "step_expired" }],
    ["no items", { cart: { completed: false, itemCount: 0, total: 0, email: null } }, { action: "park", reason: "no_items" }],
    ["below the minimum total", { campaign: { ...campaign, min_cart_total: 100 } }, { action: "park", reason: "below_minimum_total" }],
    ["no phone", { phone: null }, { action: "park", reason: "no_phone" }],
    ["consent pending", { consentStatus: "pending" }, { action: "park", reason: "no_consent" }],
    ["no consent", { consentStatus: "none" }, { action: "park", reason: "no_consent" }],
    ["opted out", { consentStatus: "opted_out" }, { action: "end", status: "opted_out", reason: "opted_out" }],
    ["US number already texted this abandonment", { smsSentThisRecovery: 1 }, { action: "skip_step", reason: "us_one_text_rule" }],
    ["US number past 48 h", { abandonedAt: new Date(NOW.getTime() - 49 * HOUR), dueAt: new Date(NOW.getTime() - HOUR) }, { action: "skip_step", reason: "step_expired" }],
    ["email step without an email", { step: { position: 1, channel: "email", expires_after_hours: 24 }, cart: { completed: false, itemCount: 1, total: 5, email: null } }, { action: "park", reason: "no_email" }],
  ])("%s", (_, override, decision) => {
    expect(evaluateReminder(facts(override))).toEqual(decision)
  })

  it("works on an active recovery (one that has sent a reminder)", () => {
    expect(evaluateReminder(facts({ recoveryStatus: "active", smsSentThisRecovery: 0 }))).toEqual({ action: "send" })
  })

  it("sends a step at exactly its due time", () => {
    expect(evaluateReminder(facts({ dueAt: NOW }))).toEqual({ action: "send" })
  })

  it("meets the minimum total at exactly the minimum", () => {
    expect(evaluateReminder(facts({ campaign: { ...campaign, min_cart_total: 98 } }))).toEqual({ action: "send" })
  })

  it("lets a second text through for numbers outside the US", () => {
    const gb = { e164: "+447700900123", country: "GB" }
    expect(evaluateReminder(facts({ phone: gb, smsSentThisRecovery: 1, timeZone: "Europe/London", now: new Date("2026-11-27T12:00:00Z"), dueAt: new Date("2026-11-27T11:55:00Z") }))).toEqual({ action: "send" })
  })

  it("does not apply SMS rules to a custom step kind", () => {
    const custom = facts({ step: { position: 2, channel: "whatsapp", expires_after_hours: 24 }, phone: null, consentStatus: "none", smsSentThisRecovery: 1 })
    expect(evaluateReminder(custom)).toEqual({ action: "send" })
  })

  describe("frequency cap", () => {
    it("sends while under the cap", () => {
      expect(evaluateReminder(facts({ sentToPhoneLast24h: [new Date(NOW.getTime() - 2 * HOUR)] }))).toEqual({ action: "send" })
    })

    it("defers until the oldest counted text is 24 h old", () => {
      const sent = [new Date(NOW.getTime() - 20 * HOUR), new Date(NOW.getTime() - 2 * HOUR)]
      const gb = { e164: "+447700900123", country: "GB" }
      const decision = evaluateReminder(facts({ sentToPhoneLast24h: sent, phone: gb, timeZone: "Europe/London", now: new Date("2026-11-27T12:00:00Z"), dueAt: new Date("2026-11-27T11:55:00Z") }))
      expect(decision).toEqual({ action: "defer", until: new Date(sent[0].getTime() + 24 * HOUR), reason: "frequency_cap" })
    })

    it("skips the step when the cap frees up only after the step expires", () => {
      const sent = [new Date(NOW.getTime() - 1 * HOUR), new Date(NOW.getTime() - 0.5 * HOUR)]
      const decision = evaluateReminder(facts({ sentToPhoneLast24h: sent, step: { position: 1, channel: "sms", expires_after_hours: 2 } }))
      expect(decision).toEqual({ action: "skip_step", reason: "frequency_cap" })
    })
  })

  describe("quiet hours", () => {
    it("defers a text due at night to the morning, recipient-local", () => {
      // 02:00 in New York; the window opens at 09:00 EST = 14:00 UTC.
      const night = new Date("2026-11-28T07:00:00Z")
      const decision = evaluateReminder(facts({ now: night, dueAt: night, abandonedAt: night, lastActivityAt: new Date(night.getTime() - 30 * 60_000) }))
      expect(decision).toEqual({ action: "defer", until: new Date("2026-11-28T14:00:00Z"), reason: "quiet_hours" })
    })

    it("uses the recipient's zone, not the server's", () => {
      // 07:00 UTC is 23:00 the day before in Los Angeles: deferred to 09:00 PST = 17:00 UTC.
      const at = new Date("2026-11-28T07:00:00Z")
      const decision = evaluateReminder(facts({ now: at, dueAt: at, abandonedAt: at, lastActivityAt: new Date(at.getTime() - 30 * 60_000), timeZone: "America/Los_Angeles" }))
      expect(decision).toEqual({ action: "defer", until: new Date("2026-11-28T17:00:00Z"), reason: "quiet_hours" })
    })

    it("skips rather than defer past the step's expiry", () => {
      const night = new Date("2026-11-28T07:00:00Z")
      const decision = evaluateReminder(facts({ now: night, dueAt: night, abandonedAt: night, lastActivityAt: night, step: { position: 1, channel: "sms", expires_after_hours: 3 } }))
      expect(decision).toEqual({ action: "skip_step", reason: "quiet_hours" })
    })

    it("skips rather than defer past the US 48-hour window", () => {
      const night = new Date("2026-11-28T07:00:00Z")
      const abandonedAt = new Date(night.getTime() - 45 * HOUR)
      const decision = evaluateReminder(facts({ now: night, dueAt: night, abandonedAt, lastActivityAt: abandonedAt }))
      expect(decision).toEqual({ action: "skip_step", reason: "quiet_hours" })
    })
  })
})
