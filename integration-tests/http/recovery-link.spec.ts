import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { trackRecoveryLinkWorkflow } from "../../src/workflows/track-recovery-link"
import { completeShopperCart, createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { smsRecoveryService } from "../helpers/recovery"
import { createPromotion, createRecoveryText, HOUR_MS } from "../helpers/reporting"

jest.setTimeout(180_000)

const PHONE = "+14155550123"
/** Follow nothing and accept any status: the test reads the redirect itself. */
const noRedirects = { maxRedirects: 0, validateStatus: () => true }

describe("GET /sms/r/:code", () => {
  useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let storefrontUrl: string

      beforeEach(async () => {
        store = await setUpStore(api, getContainer())
        storefrontUrl = smsRecoveryService(getContainer()).getOptions().storefrontUrl
      })

      const click = (code: string) => api.get(`/sms/r/${code}`, noRedirects)
      /** The cart a redirect's `/cart/recover/<token>` stands for, as the storefront learns it. */
      const cartOf = async (location: string) => {
        const url = new URL(location)
        expect(url.pathname).toMatch(/^\/cart\/recover\/[^/]+$/)
        const token = decodeURIComponent(url.pathname.split("/").pop()!)
        const { data } = await api.post("/store/sms-recovery/cart-token", { token }, store.storeHeaders)
        return data.cart_id as string
      }
      const message = (id: string) => smsRecoveryService(getContainer()).retrieveMessage(id)

      const cartPromotionCodes = async (cartId: string) => {
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "cart",
          fields: ["id", "discount_total", "promotions.code"],
          filters: { id: cartId },
        })
        const cart = data[0] as { discount_total: number; promotions: { code: string }[] }
        return { codes: cart.promotions.map((p) => p.code), discountTotal: Number(cart.discount_total) }
      }

      it("redirects to the cart's recovery page with UTM parameters and counts every click", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { message: text } = await createRecoveryText(getContainer(), { cartId, stepPosition: 2 })

        const first = await click(text.link_code!)
        expect(first.status).toBe(302)
        const location = new URL(first.headers.location)
        expect(location.origin).toBe(new URL(storefrontUrl).origin)
        expect(first.headers.location).not.toContain(cartId)
        expect(await cartOf(first.headers.location)).toBe(cartId)
        expect(Object.fromEntries(location.searchParams)).toEqual({
          utm_source: "sms",
          utm_medium: "sms",
          utm_campaign: "cart_recovery",
          utm_content: "step-2",
        })
        expect(first.headers["cache-control"]).toBe("no-store")

        const afterFirst = await message(text.id)
        expect(afterFirst.clicks).toBe(1)
        expect(afterFirst.first_clicked_at).toBeTruthy()
        expect(afterFirst.last_clicked_at).toEqual(afterFirst.first_clicked_at)

        await new Promise((resolve) => setTimeout(resolve, 20))
        const second = await click(text.link_code!)
        expect(second.status).toBe(302)

        const afterSecond = await message(text.id)
        expect(afterSecond.clicks).toBe(2)
        expect(afterSecond.first_clicked_at).toEqual(afterFirst.first_clicked_at)
        expect(new Date(afterSecond.last_clicked_at!).getTime()).toBeGreaterThan(
          new Date(afterFirst.last_clicked_at!).getTime()
        )
      })

      it("loses no click when a link is clicked many times at once", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { message: text } = await createRecoveryText(getContainer(), { cartId })

        const responses = await Promise.all(Array.from({ length: 8 }, () => click(text.link_code!)))

        expect(responses.map((r) => r.status)).toEqual(Array(8).fill(302))
        expect((await message(text.id)).clicks).toBe(8)
      })

      it("applies the text's discount code to the cart", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        await createPromotion(getContainer(), "SMS10-ANA1", 10)
        const { message: text } = await createRecoveryText(getContainer(), {
          cartId,
          discountCode: "SMS10-ANA1",
        })
        expect(await cartPromotionCodes(cartId)).toEqual({ codes: [], discountTotal: 0 })

        const response = await click(text.link_code!)

        expect(response.status).toBe(302)
        expect(await cartOf(response.headers.location)).toBe(cartId)
        // 10 % of the $49 shirt (shipping is not chosen yet).
        expect(await cartPromotionCodes(cartId)).toEqual({ codes: ["SMS10-ANA1"], discountTotal: 4.9 })

        const { result } = await trackRecoveryLinkWorkflow(getContainer()).run({
          input: { code: text.link_code! },
        })
        expect(result).toMatchObject({ status: "live", cart_id: cartId, discount_applied: true })
        expect((await cartPromotionCodes(cartId)).codes).toEqual(["SMS10-ANA1"])
      })

      it("sends a messaging app's link preview home, with no cart token, counting nothing", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        await createPromotion(getContainer(), "SMS10-PREVIEW", 10)
        const { message: text } = await createRecoveryText(getContainer(), { cartId, discountCode: "SMS10-PREVIEW" })
        const iMessage =
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0"

        const preview = await api.get(`/sms/r/${text.link_code}`, { ...noRedirects, headers: { "User-Agent": iMessage } })
        const head = await api.head(`/sms/r/${text.link_code}`, noRedirects)

        for (const response of [preview, head]) {
          expect(response.status).toBe(302)
          expect(response.headers.location).toBe(storefrontUrl)
        }
        expect((await message(text.id)).clicks).toBe(0)
        expect(await cartPromotionCodes(cartId)).toEqual({ codes: [], discountTotal: 0 })

        await click(text.link_code!)
        expect((await message(text.id)).clicks).toBe(1)
        expect((await cartPromotionCodes(cartId)).codes).toEqual(["SMS10-PREVIEW"])
      })

      it("still redirects to the cart when the code cannot be applied", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { message: text } = await createRecoveryText(getContainer(), {
          cartId,
          discountCode: "NO-SUCH-CODE",
        })

        const response = await click(text.link_code!)

        expect(response.status).toBe(302)
        expect(await cartOf(response.headers.location)).toBe(cartId)
        expect((await message(text.id)).clicks).toBe(1)
        expect((await cartPromotionCodes(cartId)).codes).toEqual([])

        const { result } = await trackRecoveryLinkWorkflow(getContainer()).run({
          input: { code: text.link_code! },
        })
        expect(result).toMatchObject({ status: "live", discount_applied: false })
      })

      it("does not touch a completed cart, and a gone cart is no error", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        await completeShopperCart(api, store, cartId)
        await createPromotion(getContainer(), "SMS10-DONE", 10)
        const completed = await createRecoveryText(getContainer(), { cartId, discountCode: "SMS10-DONE" })
        const gone = await createRecoveryText(getContainer(), {
          cartId: "cart_does_not_exist",
          discountCode: "SMS10-DONE",
        })

        const { result } = await trackRecoveryLinkWorkflow(getContainer()).run({
          input: { code: completed.message.link_code! },
        })
        expect(result).toMatchObject({ status: "live", discount_applied: false })
        expect((await cartPromotionCodes(cartId)).codes).toEqual([])

        const response = await click(gone.message.link_code!)
        expect(response.status).toBe(302)
        expect(await cartOf(response.headers.location)).toBe("cart_does_not_exist")
        expect((await message(gone.message.id)).clicks).toBe(1)
      })

      it("sends unknown, malformed and expired codes to the storefront's home, counting nothing", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const expired = await createRecoveryText(getContainer(), {
          cartId,
          linkExpiresAt: new Date(Date.now() - HOUR_MS),
        })
        const codes = [
          "Zz9Zz9Zz9Zz9",
          "short",
          "a".repeat(33),
          "bad-code!!",
          encodeURIComponent("' OR 1=1 --"),
          "%E2%98%83%E2%98%83%E2%98%83%E2%98%83",
          expired.message.link_code!,
        ]

        for (const code of codes) {
          const response = await click(code)
          expect({ code, status: response.status, location: response.headers.location }).toEqual({
            code,
            status: 302,
            location: storefrontUrl,
          })
        }
        expect((await message(expired.message.id)).clicks).toBe(0)

        const { result } = await trackRecoveryLinkWorkflow(getContainer()).run({
          input: { code: expired.message.link_code! },
        })
        expect(result).toEqual({
          status: "expired",
          location: storefrontUrl,
          message_id: null,
          cart_id: null,
          discount_applied: false,
        })
      })

      it("sends the shopper to the storefront, not an error page, when tracking fails", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { message: text } = await createRecoveryText(getContainer(), { cartId })
        const lookup = jest
          .spyOn(smsRecoveryService(getContainer()), "listMessages")
          .mockRejectedValueOnce(new Error("database unavailable"))

        try {
          const response = await click(text.link_code!)
          expect(response.status).toBe(302)
          expect(response.headers.location).toBe(storefrontUrl)
          expect(lookup).toHaveBeenCalledTimes(1)
        } finally {
          lookup.mockRestore()
        }
        expect((await message(text.id)).clicks).toBe(0)
      })
    },
  })
})
