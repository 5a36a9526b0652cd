import { CART_TOKEN_TTL_MS, signCartToken, verifyCartToken } from "../cart-token"

describe("cart tokens", () => {
  const secret = "s".repeat(32)
  const issuedAt = new Date("2026-12-01T10:00:00.000Z")
  const messageId = "smsmsg_01JABCDEF0123456789XYZ"
  const token = signCartToken(secret, { messageId, issuedAt, tokenId: "AAAAAAAAAAAAAAAA" })

  it("verifies within its life, naming the text, the token and its expiry", () => {
    expect(verifyCartToken(secret, token, new Date(issuedAt.getTime() + CART_TOKEN_TTL_MS - 1000))).toEqual({
      valid: true,
      claims: {
        messageId,
        tokenId: "AAAAAAAAAAAAAAAA",
        expiresAt: new Date(issuedAt.getTime() + CART_TOKEN_TTL_MS),
      },
    })
  })

  it("lives fifteen minutes", () => {
    expect(CART_TOKEN_TTL_MS).toBe(15 * 60 * 1000)
  })

  it("is refused from its expiry on", () => {
    const expiry = issuedAt.getTime() + CART_TOKEN_TTL_MS
    expect(verifyCartToken(secret, token, new Date(expiry))).toEqual({ valid: false, reason: "expired" })
    expect(verifyCartToken(secret, token, new Date(expiry + 60_000))).toEqual({ valid: false, reason: "expired" })
  })

  it("gets a new random id each time", () => {
    const ids = new Set(
      Array.from({ length: 50 }, () => {
        const check = verifyCartToken(secret, signCartToken(secret, { messageId, issuedAt }), issuedAt)
        return check.valid ? check.claims.tokenId : null
      })
    )
    expect(ids.size).toBe(50)
    expect(ids.has(null)).toBe(false)
  })

  it("carries no cart id and is URL-safe", () => {
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/)
    expect(token).not.toMatch(/cart_/)
  })

  const [payloadId, expiry, tokenId, mac] = token.split(".")
  const flip = (value: string, at: number) =>
    value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1)

  it.each([
    ["another text's id", [`${payloadId}X`, expiry, tokenId, mac].join(".")],
    ["a later expiry", [payloadId, (parseInt(expiry, 36) + 3600).toString(36), tokenId, mac].join(".")],
    ["another token id", [payloadId, expiry, flip(tokenId, 0), mac].join(".")],
    ["an altered signature", [payloadId, expiry, tokenId, flip(mac, 5)].join(".")],
    ["another key's signature", signCartToken("t".repeat(32), { messageId, issuedAt, tokenId })],
  ])("calls %s forged", (_, altered) => {
    expect(verifyCartToken(secret, altered, issuedAt)).toEqual({ valid: false, reason: "forged" })
  })

  it.each([
    ["a truncated token", token.slice(0, -1)],
    ["a cart id", "cart_01JABCDEF0123456789XYZ"],
    ["an extra part", `${token}.x`],
    ["a non-base-36 expiry", [payloadId, "ZZ", tokenId, mac].join(".")],
    ["an empty string", ""],
    ["no token", undefined],
    ["a number", 42],
  ])("calls %s malformed", (_, value) => {
    expect(verifyCartToken(secret, value, issuedAt)).toEqual({ valid: false, reason: "malformed" })
  })

  it("refuses to sign for an id that could break the format", () => {
    expect(() => signCartToken(secret, { messageId: "a.b", issuedAt })).toThrow(/message id/)
  })
})
