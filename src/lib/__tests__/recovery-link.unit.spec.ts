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
  const base = { storefrontUrl: "https://shop.example.com", cartId: "cart_01ABC" }

  it("fills the cart id into the path and adds the UTM parameters", () => {
    const url = buildRecoveryUrl({ ...base, recoveryPath: "/cart/recover/{cart_id}", stepPosition: 2 })
    expect(url).toBe(
      "https://shop.example.com/cart/recover/cart_01ABC?utm_source=sms&utm_medium=sms&utm_campaign=cart_recovery&utm_content=step-2"
    )
  })

  it("leaves utm_content out when the step is unknown", () => {
    const url = new URL(buildRecoveryUrl({ ...base, recoveryPath: "/c/{cart_id}" }))
    expect(url.searchParams.has("utm_content")).toBe(false)
    expect(url.searchParams.get("utm_campaign")).toBe("cart_recovery")
  })

  it("keeps the path's own query string and fragment, and replaces a UTM it sets", () => {
    const url = new URL(
      buildRecoveryUrl({
        ...base,
        recoveryPath: "/us/cart?id={cart_id}&lang=en&utm_source=email#top",
        stepPosition: 1,
      })
    )
    expect(url.pathname).toBe("/us/cart")
    expect(url.searchParams.get("id")).toBe("cart_01ABC")
    expect(url.searchParams.get("lang")).toBe("en")
    expect(url.searchParams.getAll("utm_source")).toEqual(["sms"])
    expect(url.searchParams.get("utm_content")).toBe("step-1")
    expect(url.hash).toBe("#top")
  })

  it("keeps a storefront base path and escapes the cart id", () => {
    const url = buildRecoveryUrl({
      storefrontUrl: "https://shop.example.com/eu",
      recoveryPath: "/recover/{cart_id}",
      cartId: "a/b?c",
    })
    expect(url.startsWith("https://shop.example.com/eu/recover/a%2Fb%3Fc?")).toBe(true)
  })
})
