import { campaignSettingsProblems, type StoredCampaignSettings } from "../campaign-settings-problems"

const stored: StoredCampaignSettings = {
  quiet_hours_start: "09:00",
  quiet_hours_end: "20:00",
  min_cart_total: 20,
  max_cart_total: 200,
}

describe("campaign settings problems", () => {
  it.each([
    [{}, []],
    [{ min_cart_total: 200 }, []],
    [{ min_cart_total: 200.01 }, ["min_cart_total: must be at most max_cart_total (200)"]],
    [{ max_cart_total: 19.99 }, ["max_cart_total: must be at least min_cart_total (20)"]],
    [{ min_cart_total: 50, max_cart_total: 40 }, ["max_cart_total: must be at least min_cart_total (50)"]],
    [{ min_cart_total: null, max_cart_total: 1 }, []],
    [{ min_cart_total: 500, max_cart_total: null }, []],
    [{ quiet_hours_start: "20:00" }, ["quiet_hours_start: must be earlier than quiet_hours_end (20:00); the window cannot span midnight"]],
    [{ quiet_hours_end: "08:00" }, ["quiet_hours_end: must be later than quiet_hours_start (09:00); the window cannot span midnight"]],
    [
      { quiet_hours_start: "22:00", max_cart_total: 0 },
      [
        "quiet_hours_start: must be earlier than quiet_hours_end (20:00); the window cannot span midnight",
        "max_cart_total: must be at least min_cart_total (20)",
      ],
    ],
  ])("checks %j against the stored settings: %j", (input, problems) => {
    expect(campaignSettingsProblems(stored, input)).toEqual(problems)
  })
})
