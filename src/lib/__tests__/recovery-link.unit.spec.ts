import { buildRecoveryUrl, isRecoveryLinkCode } from "../recovery-link"

describe("isRecoveryLinkCode", () => {
  it.each(["Ab3dE6gH", "aB3dE6gH9kLm", "a".repeat(32)])("accepts %p", (code) => {
    expect(isRecoveryLinkCode(code)).toBe(true)
  })

  it.each([
    "",
    "Ab3dE6g",
    "a".repeat(33),
    "aB3dE6gH9kL-",
    "aB3dE6gH9kL ",
    "../../etc/pass",
    "aB3dE6gH9kLé",
    undefined,
    null,
    12345678,
  ])("refuses %p", (code) => {
    expect(isRecoveryLinkCode(code)).toBe(false)
  })
})

describe("buildRecoveryUrl", () => {
  const base = { storefrontUrl: "https://shop.example.com", cartId: "cart_01ABC", token: "smsmsg_1.t0k3n.Id-_.S1g" }

  it("fills the token into the path, adds the UTM parameters and carries no cart id", () => {
    const url = buildRecoveryUrl({ ...base, recoveryPath: "/cart/recover/{token}", stepPosition: 2 })
    expect(url).toBe(
      "https://shop.example.com/cart/recover/smsmsg_1.t0k3n.Id-_.S1g?utm_source=sms&utm_medium=sms&utm_campaign=cart_recovery&utm_content=step-2"
    )
    expect(url).not.toContain("cart_01ABC")
  })

  it("fills the cart id only where a store's path asks for it", () => {
    const url = buildRecoveryUrl({ ...base, recoveryPath: "/cart/recover/{cart_id}" })
    expect(new URL(url).pathname).toBe("/cart/recover/cart_01ABC")
    expect(url).not.toContain(base.token)
  })

  it("leaves utm_content out when the step is unknown", () => {
    const url = new URL(buildRecoveryUrl({ ...base, recoveryPath: "/c/{token}" }))
    expect(url.searchParams.has("utm_content")).toBe(false)
    expect(url.searchParams.get("utm_campaign")).toBe("cart_recovery")
  })

  it("keeps the path's own query string and fragment, and replaces a UTM it sets", () => {
    const url = new URL(
      buildRecoveryUrl({
        ...base,
        recoveryPath: "/us/cart?t={token}&lang=en&utm_source=email#top",
        stepPosition: 1,
      })
    )
    expect(url.pathname).toBe("/us/cart")
    expect(url.searchParams.get("t")).toBe(base.token)
    expect(url.searchParams.get("lang")).toBe("en")
    expect(url.searchParams.getAll("utm_source")).toEqual(["sms"])
    expect(url.searchParams.get("utm_content")).toBe("step-1")
    expect(url.hash).toBe("#top")
  })

  it("keeps a storefront base path and escapes what it fills in", () => {
    const url = buildRecoveryUrl({
      storefrontUrl: "https://shop.example.com/eu",
      recoveryPath: "/recover/{cart_id}",
      cartId: "a/b?c",
      token: "unused",
    })
    expect(url.startsWith("https://shop.example.com/eu/recover/a%2Fb%3Fc?")).toBe(true)
  })
})
