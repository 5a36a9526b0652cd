import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createRegionsWorkflow, createTaxRegionsWorkflow } from "@medusajs/medusa/core-flows"
import { createHash } from "node:crypto"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"

jest.setTimeout(240_000)

const US_PHONE = "+14155550123"
const GB_PHONE = "+447400123456"
const CONSENT_TEXT =
  "Yes, text me reminders about my cart from Acme. Up to 2 msgs per cart. Msg & data rates may apply. Reply STOP to cancel. Consent is not a condition of purchase."

describe("checkout consent (store routes)", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let sms: SmsRecoveryModuleService
      let sim: ReturnType<typeof simulator>

      /** Store headers, as a shopper at `ip` with a browser would send them. */
      const shopper = (ip = "203.0.113.10", extra: Record<string, string> = {}) => ({
        headers: {
          ...store.storeHeaders.headers,
          "x-forwarded-for": ip,
          "user-agent": "Mozilla/5.0 (consent-spec)",
          ...extra,
        },
        validateStatus: () => true,
      })
      const consent = (body: Record<string, unknown>, ip?: string) =>
        api.post("/store/sms-recovery/consent", body, shopper(ip))
      const textsTo = (msisdn: string) => sim.inbox().filter((batch) => batch.to.includes(msisdn))
      const ledger = (phone: string) =>
        sms.listConsentEvents({ phone }, { order: { occurred_at: "ASC", created_at: "ASC" } })

      beforeEach(async () => {
        sim = simulator()
        sim.clear()
        store = await setUpStore(api, getContainer())
        sms = getContainer().resolve<SmsRecoveryModuleService>("sms_recovery")
      })

      describe("a US number (double opt-in)", () => {
        let cartId: string

        beforeEach(async () => {
          cartId = await createShopperCart(api, store, { phone: US_PHONE })
        })

        it("records exactly what the shopper was shown, answers pending, and sends one confirmation text", async () => {
          const response = await consent({
            phone: "(415) 555-0123",
            cart_id: cartId,
            consent_text: CONSENT_TEXT,
            consent_text_version: "2026-11-checkout",
            source_url: "https://shop.example.com/checkout",
            locale: "en-US",
          })

          expect(response.status).toBe(200)
          expect(response.data).toEqual({ consent: { phone: "+*******0123", status: "pending" } })
          const [row] = await sms.listConsents({ phone: US_PHONE })
          expect(row).toMatchObject({ status: "pending", country: "US", locale: "en-US" })
          const events = await ledger(US_PHONE)
          expect(events).toHaveLength(1)
          expect(events[0]).toMatchObject({
            type: "requested",
            channel: "checkout",
            consent_text: CONSENT_TEXT,
            consent_text_hash: createHash("sha256").update(CONSENT_TEXT).digest("hex"),
            consent_text_version: "2026-11-checkout",
            source_url: "https://shop.example.com/checkout",
            ip: "203.0.113.10",
            user_agent: "Mozilla/5.0 (consent-spec)",
          })
          expect(Date.now() - new Date(events[0].occurred_at).getTime()).toBeLessThan(60_000)
          const texts = textsTo("14155550123")
          expect(texts).toHaveLength(1)
          expect(texts[0].body).toBe(
            "Acme: Reply YES to get cart reminders by text. 1 msg per abandoned cart. Msg & data rates may apply. Reply HELP for help, STOP to opt out."
          )
        })

        it("ticking the box twice sends one text", async () => {
          const body = { phone: US_PHONE, cart_id: cartId, consent_text: CONSENT_TEXT }

          const first = await consent(body)
          const second = await consent(body)

          expect([first.data.consent.status, second.data.consent.status]).toEqual(["pending", "pending"])
          expect(textsTo("14155550123")).toHaveLength(1)
          expect((await ledger(US_PHONE)).map((event) => event.type)).toEqual(["requested", "requested"])
        })

        it("an opted-out number stays opted out: only a keyword re-subscribes it", async () => {
          await sms.createConsents([{ phone: US_PHONE, status: "opted_out", country: "US" }])

          const response = await consent({ phone: US_PHONE, cart_id: cartId, consent_text: CONSENT_TEXT })

          expect(response.data).toEqual({ consent: { phone: "+*******0123", status: "opted_out" } })
          expect((await sms.listConsents({ phone: US_PHONE }))[0].status).toBe("opted_out")
          expect(textsTo("14155550123")).toHaveLength(0)
        })

        it("refuses a number that is not on the cart with 400, writing nothing", async () => {
          const response = await consent({ phone: "+14155550199", cart_id: cartId, consent_text: CONSENT_TEXT })

          expect(response.status).toBe(400)
          expect(response.data).toEqual({
            type: "invalid_data",
            message:
              "Invalid request: Field 'phone' must be the number on the cart's shipping or billing address, or the signed-in customer's own",
          })
          expect(await sms.listConsents({})).toHaveLength(0)
          expect(await sms.listConsentEvents({})).toHaveLength(0)
          expect(sim.inbox()).toHaveLength(0)
        })

        it("refuses a request with neither a cart nor a signed-in customer", async () => {
          const response = await consent({ phone: US_PHONE, consent_text: CONSENT_TEXT })

          expect(response.status).toBe(400)
          expect(response.data.message).toBe(
            "Invalid request: Field 'cart_id' is required when no customer is signed in"
          )
          expect(await sms.listConsentEvents({})).toHaveLength(0)
        })

        it("answers GET with the status only, for the cart's own number", async () => {
          const status = (phone: string) =>
            api.get(`/store/sms-recovery/consent?phone=${encodeURIComponent(phone)}&cart_id=${cartId}`, shopper())
          const unknown = await status(US_PHONE)
          await consent({ phone: US_PHONE, cart_id: cartId, consent_text: CONSENT_TEXT })
          const known = await status("415-555-0123")

          expect(unknown.data).toEqual({ consent: { status: "none" } })
          expect(known.status).toBe(200)
          expect(known.data).toEqual({ consent: { status: "pending" } })
        })

        it("GET reads an unencoded + in the phone as the + it was", async () => {
          const gbCart = await createShopperCart(api, store, { phone: GB_PHONE })
          await sms.createConsents([{ phone: GB_PHONE, status: "opted_in", country: "GB" }])

          const plain = await api.get(`/store/sms-recovery/consent?phone=+447400123456&cart_id=${gbCart}`, shopper())

          expect(plain.data).toEqual({ consent: { status: "opted_in" } })
        })

        it("GET answers a number that is not on the cart exactly as an unknown number", async () => {
          const stranger = "+14155550199"
          await sms.createConsents([{ phone: stranger, status: "opted_in", country: "US" }])
          await sms.createConsents([{ phone: "+14155550188", status: "opted_out", country: "US" }])
          const get = (phone: string, cart = cartId) =>
            api.get(`/store/sms-recovery/consent?phone=${encodeURIComponent(phone)}&cart_id=${cart}`, shopper())

          const unknownOnCart = await get(US_PHONE)
          const answers = [
            await get(stranger),
            await get("+14155550188"),
            await get(US_PHONE, "cart_01JUNKNOWN000000000000000"),
            await get(stranger, "cart_01JUNKNOWN000000000000000"),
          ]

          for (const answer of answers) {
            expect(answer.status).toBe(unknownOnCart.status)
            expect(answer.data).toEqual(unknownOnCart.data)
            expect(answer.headers["content-length"]).toBe(unknownOnCart.headers["content-length"])
            expect(answer.headers["content-type"]).toBe(unknownOnCart.headers["content-type"])
          }
          expect(unknownOnCart.data).toEqual({ consent: { status: "none" } })
        })

        it("GET needs a cart unless a customer is signed in", async () => {
          const response = await api.get(`/store/sms-recovery/consent?phone=${encodeURIComponent(US_PHONE)}`, shopper())

          expect(response.status).toBe(400)
          expect(response.data.message).toBe("Invalid request: Field 'cart_id' is required when no customer is signed in")
        })

        it("GET refuses an invalid phone with 400 naming the field", async () => {
          const response = await api.get("/store/sms-recovery/consent?phone=call-me", shopper())

          expect(response.status).toBe(400)
          expect(response.data.message).toContain("Field 'phone' must be a valid phone number")
        })

        it("needs the publishable key, as every store route", async () => {
          const response = await api.post(
            "/store/sms-recovery/consent",
            { phone: US_PHONE, cart_id: cartId, consent_text: CONSENT_TEXT },
            { validateStatus: () => true }
          )

          expect(response.status).toBe(400)
          expect(await sms.listConsentEvents({})).toHaveLength(0)
        })
      })

      describe("input validation", () => {
        let cartId: string

        beforeEach(async () => {
          cartId = await createShopperCart(api, store, { phone: US_PHONE })
        })

        const valid = () => ({ phone: US_PHONE, cart_id: cartId, consent_text: CONSENT_TEXT })

        it.each<[string, (body: Record<string, unknown>) => Record<string, unknown>, string]>([
          ["a phone with letters", (b) => ({ ...b, phone: "415-555-CALL" }), "Field 'phone' must be a valid phone number"],
          ["a phone too short", (b) => ({ ...b, phone: "12" }), "Field 'phone' must be a valid phone number"],
          ["a short code", (b) => ({ ...b, phone: "12345" }), "Field 'phone' must be a valid phone number"],
          ["a 10,000-character phone", (b) => ({ ...b, phone: "1".repeat(10_000) }), "Value for field 'phone' too big"],
          ["a phone of the wrong type", (b) => ({ ...b, phone: 4155550123 }), "Expected type: 'string' for field 'phone'"],
          ["a missing phone", ({ phone, ...b }) => b, "Field 'phone' is required"],
          ["a 10,000-character consent text", (b) => ({ ...b, consent_text: "x".repeat(10_000) }), "Value for field 'consent_text' too big, expected at most: '2000'"],
          ["a blank consent text", (b) => ({ ...b, consent_text: "   " }), "Field 'consent_text' must not be blank"],
          ["a missing consent text", ({ consent_text, ...b }) => b, "Field 'consent_text' is required"],
          ["a cart id of the wrong type", (b) => ({ ...b, cart_id: 42 }), "Expected type: 'string' for field 'cart_id'"],
          ["a javascript: source URL", (b) => ({ ...b, source_url: "javascript:alert(1)" }), "Field 'source_url' must be an http(s) URL"],
          ["a malformed locale", (b) => ({ ...b, locale: "en_US; DROP" }), "Field 'locale' must be a language tag"],
          ["an unknown field", (b) => ({ ...b, marketing: true }), "Unrecognized fields: 'marketing'"],
        ])("refuses %s with 400 naming the field, writing nothing", async (_, change, message) => {
          const response = await consent(change(valid()))

          expect(response.status).toBe(400)
          expect(response.data.type).toBe("invalid_data")
          expect(response.data.message).toContain(message)
          expect(await sms.listConsents({})).toHaveLength(0)
          expect(await sms.listConsentEvents({})).toHaveLength(0)
          expect(sim.inbox()).toHaveLength(0)
        })

        it("answers 404 for an unknown cart", async () => {
          const response = await consent({ ...valid(), cart_id: "cart_01JUNKNOWN000000000000000" })

          expect(response.status).toBe(404)
          expect(await sms.listConsentEvents({})).toHaveLength(0)
        })
      })

      describe("rate limits", () => {
        it("answers a burst from one IP with 429 once it made 10 requests in 10 minutes", async () => {
          const first = await createShopperCart(api, store, { phone: "+14155550111" })
          // Shipping and billing carry different numbers, so the per-phone limit is not reached.
          await api.post(
            `/store/carts/${first}`,
            {
              billing_address: {
                first_name: "Ana",
                last_name: "Silva",
                address_1: "1 Market St",
                city: "San Francisco",
                country_code: "us",
                postal_code: "94105",
                phone: "+14155550122",
              },
            },
            store.storeHeaders
          )
          const second = await createShopperCart(api, store, { phone: "+14155550133" })
          const burst = [
            ...Array(5).fill({ phone: "+14155550111", cart_id: first }),
            ...Array(5).fill({ phone: "+14155550122", cart_id: first }),
          ]
          for (const body of burst) {
            expect((await consent({ ...body, consent_text: CONSENT_TEXT }, "198.51.100.7")).status).toBe(200)
          }

          const refused = await consent(
            { phone: "+14155550133", cart_id: second, consent_text: CONSENT_TEXT },
            "198.51.100.7"
          )
          const elsewhere = await consent(
            { phone: "+14155550133", cart_id: second, consent_text: CONSENT_TEXT },
            "198.51.100.8"
          )

          expect(refused.status).toBe(429)
          expect(refused.data).toEqual({
            type: "too_many_requests",
            message: "Too many consent requests for this IP address; try again in 10 minute(s)",
          })
          expect(Number(refused.headers["retry-after"])).toBeGreaterThan(500)
          expect(elsewhere.status).toBe(200)
          expect(await sms.listConsentEvents({ ip: "198.51.100.7" })).toHaveLength(10)
        })

        it("behind one proxy (the default), ignores what the client wrote in front of the proxy's entry", async () => {
          const cartId = await createShopperCart(api, store, { phone: "+14155550111" })
          await api.post(
            `/store/carts/${cartId}`,
            {
              billing_address: {
                first_name: "Ana",
                last_name: "Silva",
                address_1: "1 Market St",
                city: "San Francisco",
                country_code: "us",
                postal_code: "94105",
                phone: "+14155550122",
              },
            },
            store.storeHeaders
          )
          const second = await createShopperCart(api, store, { phone: "+14155550133" })
          const burst = [
            ...Array(5).fill({ phone: "+14155550111", cart_id: cartId }),
            ...Array(5).fill({ phone: "+14155550122", cart_id: cartId }),
          ]
          // A new forged entry each time; the proxy appends the address it saw, 198.51.100.7.
          for (const [i, body] of burst.entries()) {
            const response = await consent({ ...body, consent_text: CONSENT_TEXT }, `6.6.6.${i}, 198.51.100.7`)
            expect(response.status).toBe(200)
          }

          const refused = await consent(
            { phone: "+14155550133", cart_id: second, consent_text: CONSENT_TEXT },
            "6.6.6.99, 198.51.100.7"
          )

          expect(refused.status).toBe(429)
          expect(new Set((await sms.listConsentEvents({ type: "requested" })).map((event) => event.ip))).toEqual(
            new Set(["198.51.100.7"])
          )
        })

        it("answers a sixth request for one number within an hour with 429, whatever the IP", async () => {
          const cartId = await createShopperCart(api, store, { phone: US_PHONE })
          for (let i = 0; i < 5; i++) {
            const response = await consent({ phone: US_PHONE, cart_id: cartId, consent_text: CONSENT_TEXT }, `192.0.2.${i + 1}`)
            expect(response.status).toBe(200)
          }

          const refused = await consent({ phone: US_PHONE, cart_id: cartId, consent_text: CONSENT_TEXT }, "192.0.2.99")

          expect(refused.status).toBe(429)
          expect(refused.data.message).toBe("Too many consent requests for this phone number; try again in 60 minute(s)")
          expect(textsTo("14155550123")).toHaveLength(1)
        })
      })

      describe("a non-US number (single opt-in)", () => {
        let gbStore: TestStore

        beforeEach(async () => {
          const container = getContainer()
          const regions = container.resolve(Modules.REGION)
          const [existing] = await regions.listRegions({ name: "Test GB" })
          const regionId =
            existing?.id ??
            (
              await createRegionsWorkflow(container).run({
                input: {
                  regions: [
                    { name: "Test GB", currency_code: "usd", countries: ["gb"], payment_providers: ["pp_system_default"] },
                  ],
                },
              })
            ).result[0].id
          if (!existing) {
            await createTaxRegionsWorkflow(container).run({ input: [{ country_code: "gb", provider_id: "tp_system" }] })
          }
          gbStore = { ...store, regionId }
        })

        it("opts in at once, with no text, and resumes the cart's recovery waiting for consent", async () => {
          // Written nationally on the address: read with the address's country, not the store's default (US).
          const cartId = await createShopperCart(api, gbStore, { phone: "07400 123456", countryCode: "gb", province: "" })
          // An earlier cart of the same number, parked by the sweep for lack of consent.
          await sms.createRecoveries([
            { cart_id: "cart_parked", phone: GB_PHONE, status: "tracking", last_activity_at: new Date(), reason: "no_consent" },
          ])
          const events = getContainer().resolve(Modules.EVENT_BUS)
          const emit = jest.spyOn(events, "emit")

          const response = await consent({ phone: "+44 7400 123456", cart_id: cartId, consent_text: CONSENT_TEXT })

          expect(response.data).toEqual({ consent: { phone: "+********3456", status: "opted_in" } })
          expect((await sms.listConsents({ phone: GB_PHONE }))[0]).toMatchObject({ status: "opted_in", country: "GB" })
          expect((await ledger(GB_PHONE)).map((event) => event.type).sort()).toEqual(["opted_in", "requested"])
          expect(sim.inbox()).toHaveLength(0)
          const [recovery] = await sms.listRecoveries({ cart_id: "cart_parked" })
          expect(recovery.reason).toBeNull()
          expect(recovery.next_send_at).not.toBeNull()
          const emitted = emit.mock.calls.flatMap(([messages]) => (Array.isArray(messages) ? messages : [messages]))
          expect(emitted.filter((message) => message.name === "sms_recovery.consent_changed")).toEqual([
            expect.objectContaining({
              data: expect.objectContaining({ phone: "+********3456", status: "opted_in", channel: "checkout" }),
            }),
          ])
          emit.mockRestore()
        })
      })

      describe("a signed-in customer", () => {
        it("may consent their own number without a cart", async () => {
          const email = "lee.chen@example.com"
          const password = "correct-horse-battery"
          const { data: registered } = await api.post("/auth/customer/emailpass/register", { email, password })
          await api.post(
            "/store/customers",
            { email, first_name: "Lee", last_name: "Chen", phone: "+447400123456" },
            { headers: { ...store.storeHeaders.headers, authorization: `Bearer ${registered.token}` } }
          )
          const { data: login } = await api.post("/auth/customer/emailpass", { email, password })
          const asCustomer = (phone: string) =>
            api.post(
              "/store/sms-recovery/consent",
              { phone, consent_text: CONSENT_TEXT },
              shopper("203.0.113.20", { authorization: `Bearer ${login.token}` })
            )

          const own = await asCustomer(GB_PHONE)
          const stranger = await asCustomer(US_PHONE)

          expect(own.status).toBe(200)
          expect(own.data.consent.status).toBe("opted_in")
          const [row] = await sms.listConsents({ phone: GB_PHONE })
          expect(row.customer_id).toMatch(/^cus_/)
          expect(stranger.status).toBe(400)
          expect(await sms.listConsents({ phone: US_PHONE })).toHaveLength(0)

          const status = (phone: string) =>
            api.get(
              `/store/sms-recovery/consent?phone=${encodeURIComponent(phone)}`,
              shopper("203.0.113.20", { authorization: `Bearer ${login.token}` })
            )
          await sms.createConsents([{ phone: US_PHONE, status: "opted_in", country: "US" }])
          expect((await status(GB_PHONE)).data).toEqual({ consent: { status: "opted_in" } })
          expect((await status(US_PHONE)).data).toEqual({ consent: { status: "none" } })
        })
      })
    },
  })
})
