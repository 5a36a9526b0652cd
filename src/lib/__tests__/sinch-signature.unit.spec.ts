import { calculateWebhookSignature, computeSignedData, validateWebhookSignature } from "@sinch/sdk-client"
import { verifySinchSignature } from "../sinch-signature"

const secret = "sinch-callback-secret"
const body = JSON.stringify({ type: "mo_text", id: "01JHFFHWYY7HSS4FWTMDTQEK8V", from: "14155550123", body: "STOP" })
const now = new Date("2026-11-28T12:00:00Z")
const timestamp = String(Math.floor(now.getTime() / 1000))
const nonce = "01JHFFHWYY7HSS4FWTMDTQEK8V"

/** Headers signed by the Sinch SDK's own helpers, not by the code under test. */
function sdkSigned(overrides: { secret?: string; body?: string; timestamp?: string; nonce?: string } = {}) {
  const ts = overrides.timestamp ?? timestamp
  const n = overrides.nonce ?? nonce
  return {
    "x-sinch-webhook-signature-timestamp": ts,
    "x-sinch-webhook-signature-nonce": n,
    "x-sinch-webhook-signature-algorithm": "HmacSHA256",
    "x-sinch-webhook-signature": calculateWebhookSignature(
      computeSignedData(overrides.body ?? body, n, ts),
      overrides.secret ?? secret
    ),
  }
}

describe("verifySinchSignature", () => {
  it("accepts what the SDK signs and the SDK's validator accepts", () => {
    const headers = sdkSigned()
    expect(validateWebhookSignature(secret, headers, body)).toBe(true)
    expect(verifySinchSignature(secret, headers, Buffer.from(body), now)).toEqual({
      valid: true,
      nonce,
      timestamp: Number(timestamp),
    })
  })

  it("accepts a timestamp up to five minutes off either way", () => {
    for (const offset of [-300, 300]) {
      const ts = String(Number(timestamp) + offset)
      expect(verifySinchSignature(secret, sdkSigned({ timestamp: ts }), body, now).valid).toBe(true)
    }
  })

  it.each([
    ["a wrong secret", sdkSigned({ secret: "another-secret" }), body, "bad_signature"],
    ["a changed body", sdkSigned(), body.replace("STOP", "START"), "bad_signature"],
    ["a stale timestamp", sdkSigned({ timestamp: String(Number(timestamp) - 301) }), body, "stale_timestamp"],
    ["a future timestamp", sdkSigned({ timestamp: String(Number(timestamp) + 301) }), body, "stale_timestamp"],
    ["a non-numeric timestamp", { ...sdkSigned(), "x-sinch-webhook-signature-timestamp": "soon" }, body, "bad_timestamp"],
    ["another algorithm", { ...sdkSigned(), "x-sinch-webhook-signature-algorithm": "HmacSHA1" }, body, "unsupported_algorithm"],
    ["no signature", { ...sdkSigned(), "x-sinch-webhook-signature": undefined }, body, "missing_headers"],
    ["no nonce", { ...sdkSigned(), "x-sinch-webhook-signature-nonce": "" }, body, "missing_headers"],
    ["an overlong nonce", sdkSigned({ nonce: "n".repeat(129) }), body, "bad_nonce"],
    ["a truncated signature", { ...sdkSigned(), "x-sinch-webhook-signature": sdkSigned()["x-sinch-webhook-signature"].slice(0, -2) }, body, "bad_signature"],
    ["a signature with trailing junk", { ...sdkSigned(), "x-sinch-webhook-signature": `${sdkSigned()["x-sinch-webhook-signature"]}!` }, body, "bad_signature"],
  ])("refuses %s", (_, headers, rawBody, reason) => {
    expect(verifySinchSignature(secret, headers, rawBody, now)).toEqual({ valid: false, reason })
  })

  it("reads a header Node delivered as an array", () => {
    const headers = sdkSigned()
    const asArrays = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]))
    expect(verifySinchSignature(secret, asArrays, body, now).valid).toBe(true)
  })
})
