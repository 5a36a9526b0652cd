import { headersWithoutCredentials } from "../request-headers"

describe("headersWithoutCredentials", () => {
  it("keeps what judges a request and drops credentials", () => {
    expect(
      headersWithoutCredentials({
        "x-captcha-token": "0.abc",
        "cf-bot-score": "2",
        "user-agent": "Mozilla/5.0",
        Authorization: "Bearer eyJ…",
        "proxy-authorization": "Basic …",
        cookie: "connect.sid=s%3A…",
        "x-publishable-api-key": "pk_…",
        "x-forwarded-for": ["203.0.113.7", "198.51.100.1"],
        "x-empty": undefined,
      })
    ).toEqual({
      "x-captcha-token": "0.abc",
      "cf-bot-score": "2",
      "user-agent": "Mozilla/5.0",
      "x-forwarded-for": "203.0.113.7, 198.51.100.1",
    })
  })
})
