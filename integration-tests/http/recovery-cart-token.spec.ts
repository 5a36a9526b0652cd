import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { CART_TOKEN_TTL_MS, signCartToken } from "../../src/lib/cart-token"
import { exchangeRecoveryCartTokenWorkflow } from "../../src/workflows/exchange-recovery-cart-token"
import { createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { smsRecoveryService } from "../helpers/recovery"
import { createRecoveryText } from "../helpers/reporting"

jest.setTimeout(180_000)

const PHONE = "+14155550123"
const REFUSED = "The recovery link's cart token is invalid, expired or already used"
const noRedirects = { maxRedirects: 0, validateStatus: () => true }

describe("POST /store/sms-recovery/cart-token", () => {
  useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let cartId: string
      let messageId: string
      let linkCode: string

      beforeEach(async () => {
        store = await setUpStore(api, getContainer())
        cartId = await createShopperCart(api, store, { phone: PHONE })
        const { message } = await createRecoveryText(getContainer(), { cartId })
        messageId = message.id
        linkCode = message.link_code!
      })

      const exchange = (token: unknown, headers = store.storeHeaders.headers) =>
        api.post("/store/sms-recovery/cart-token", { token }, { headers, validateStatus: () => true })
      const tokenFromLink = async () => {
        const response = await api.get(`/sms/r/${linkCode}`, noRedirects)
        expect(response.status).toBe(302)
        return { location: response.headers.location as string, token: decodeURIComponent(new URL(response.headers.location).pathname.split("/").pop()!) }
      }
      const secret = () => smsRecoveryService(getContainer()).getOptions().linkSecret

      it("puts a token, never the cart id, in the storefront URL, and exchanges it once", async () => {
        const { location, token } = await tokenFromLink()
        expect(location).not.toContain(cartId)
        expect(location).not.toContain(cartId.replace(/^cart_/, ""))
        expect(new URL(location).pathname).toBe(`/cart/recover/${encodeURIComponent(token)}`)

        const first = await exchange(token)
        expect(first.status).toBe(200)
        expect(first.data).toEqual({ cart_id: cartId })

        const again = await exchange(token)
        expect(again.status).toBe(400)
        expect(again.data).toEqual({ type: "not_allowed", message: REFUSED })
      })

      it("gives each tap its own token", async () => {
        const a = await tokenFromLink()
        const b = await tokenFromLink()
        expect(a.token).not.toBe(b.token)
        expect((await exchange(b.token)).data).toEqual({ cart_id: cartId })
        expect((await exchange(a.token)).data).toEqual({ cart_id: cartId })
      })

      it("lets exactly one of many simultaneous exchanges of a token through", async () => {
        const { token } = await tokenFromLink()
        const answers = await Promise.all(Array.from({ length: 6 }, () => exchange(token)))
        expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400, 400, 400, 400])
      })

      it("honours a token within its life and refuses it after", async () => {
        const now = Date.now()
        const young = signCartToken(secret(), { messageId, issuedAt: new Date(now - CART_TOKEN_TTL_MS + 60_000) })
        const old = signCartToken(secret(), { messageId, issuedAt: new Date(now - CART_TOKEN_TTL_MS - 1000) })

        expect((await exchange(young)).data).toEqual({ cart_id: cartId })
        const expired = await exchange(old)
        expect(expired.status).toBe(400)
        expect(expired.data).toEqual({ type: "not_allowed", message: REFUSED })

        // The same token the moment its life ends, through the workflow's clock.
        const fresh = signCartToken(secret(), { messageId, issuedAt: new Date(now) })
        const late = await exchangeRecoveryCartTokenWorkflow(getContainer()).run({
          input: { token: fresh, now: new Date(now + CART_TOKEN_TTL_MS) },
          throwOnError: false,
        })
        expect(late.errors.map((failure) => failure.error.message)).toEqual([REFUSED])
        expect((await exchange(fresh)).data).toEqual({ cart_id: cartId })
      })

      it("refuses forged, altered and foreign tokens with no cart data", async () => {
        const { token } = await tokenFromLink()
        const [id, expiry, nonce, mac] = token.split(".")
        const flip = (value: string) => (value[0] === "A" ? "B" : "A") + value.slice(1)
        const otherText = await createRecoveryText(getContainer(), { cartId: "cart_someone_else" })
        const tokens = [
          [id, expiry, nonce, flip(mac)].join("."),
          [otherText.message.id, expiry, nonce, mac].join("."),
          [id, (parseInt(expiry, 36) + 86_400).toString(36), nonce, mac].join("."),
          signCartToken("another-store-secret-0123456789abcdef", { messageId: id, issuedAt: new Date() }),
          signCartToken(secret(), { messageId: "smsmsg_no_such_text", issuedAt: new Date() }),
          cartId,
          "x",
        ]
        for (const forged of tokens) {
          const answer = await exchange(forged)
          expect({ forged, status: answer.status, body: answer.data }).toEqual({
            forged,
            status: 400,
            body: { type: "not_allowed", message: REFUSED },
          })
        }
        // None of them used the real token up.
        expect((await exchange(token)).data).toEqual({ cart_id: cartId })
      })

      it("names the field when the body is wrong, and wants the publishable key", async () => {
        for (const bad of [undefined, "", 42, "x".repeat(513)]) {
          const answer = await exchange(bad)
          expect(answer.status).toBe(400)
          expect(answer.data.message).toMatch(/token/)
        }
        const { token } = await tokenFromLink()
        const keyless = await exchange(token, {})
        expect(keyless.status).toBe(400)
        expect(JSON.stringify(keyless.data)).not.toContain(cartId)
        expect((await exchange(token)).data).toEqual({ cart_id: cartId })
      })

      it("counts nothing: the click was counted by the link", async () => {
        const { token } = await tokenFromLink()
        await exchange(token)
        const message = await smsRecoveryService(getContainer()).retrieveMessage(messageId)
        expect(message.clicks).toBe(1)
      })
    },
  })
})
