import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { completeShopperCart, createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import {
  expectEverySentTextHasItsBatch,
  HOUR,
  MINUTE,
  optIn,
  recoveryOf,
  smsRecoveryService,
  sweepAt,
  testEpoch,
} from "../helpers/recovery"

jest.setTimeout(400_000)

const OPT_OUT = "Reply STOP to opt out"

/** Two SMS steps whose texts name the campaign; step 1 after `firstDelay` minutes, step 2 after a day. */
const stepsNamed = (name: string, firstDelay = 0) => [
  { delay_minutes: firstDelay, variants: [{ name: "A", template: `{{brand}}: ${name} one {{link}} ${OPT_OUT}`, weight: 1 }] },
  { delay_minutes: 24 * 60, variants: [{ name: "A", template: `{{brand}}: ${name} two {{link}} ${OPT_OUT}`, weight: 1 }] },
]

describe("several targeted campaigns", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      const T = testEpoch()
      const at = (offsetMs: number) => new Date(T.getTime() + offsetMs)
      const service = () => smsRecoveryService(getContainer())

      afterEach(() => expectEverySentTextHasItsBatch(getContainer()))

      beforeEach(async () => {
        simulator().clear()
        store = await setUpStore(api, getContainer())
      })

      /** A request whose failure reads as its status and body (an HTTP client error does not serialize). */
      const succeeded = (request: Promise<{ data: any }>, what: string) =>
        request.catch((error): never => {
          throw new Error(`${what}: ${error.response?.status} ${JSON.stringify(error.response?.data)}`)
        })

      /** Creates an enabled campaign through the admin API, switched on before the test's clock. */
      const createCampaign = async (body: Record<string, unknown>) => {
        const { data } = await succeeded(
          api.post("/admin/sms-recovery/campaigns", { enabled: true, ...body }, store.adminHeaders),
          `creating ${body.name}`
        )
        await service().updateCampaigns([{ id: data.campaign.id, active_since: at(-HOUR) }])
        service().clearCampaignCache()
        return data.campaign.id as string
      }

      /**
       * Moves a cart's episode, as the cart event scheduled it, to a last activity at `lastActive`;
       * returns how long after the activity the event scheduled it.
       */
      const moveEpisodeTo = async (cartId: string, lastActive: Date) => {
        const recovery = await recoveryOf(getContainer(), cartId)
        const scheduledAfterMs =
          new Date(recovery.next_send_at!).getTime() - new Date(recovery.last_activity_at).getTime()
        await service().updateRecoveries([
          { id: recovery.id, last_activity_at: lastActive, next_send_at: new Date(lastActive.getTime() + scheduledAfterMs) },
        ])
        return scheduledAfterMs
      }

      /** A shopper's cart with a consented UK number (Acme's $49 item), its episode moved to T. */
      const shopperCart = async (shopper: { email: string; phone: string; quantity: number }) => {
        const cartId = await createShopperCart(api, store, shopper)
        await optIn(getContainer(), shopper.phone)
        return { cartId, phone: shopper.phone, scheduledAfterMs: await moveEpisodeTo(cartId, T) }
      }

      const customerOf = async (cartId: string) => {
        const [cart] = await getContainer().resolve(Modules.CART).listCarts({ id: cartId }, { select: ["customer_id"] })
        return cart.customer_id!
      }

      /** A past order of the shopper with this email, placed a week before the test's clock; returns the customer. */
      const pastOrder = async (email: string) => {
        const cartId = await createShopperCart(api, store, { email, phone: "+447400123999" })
        const order = await completeShopperCart(api, store, cartId)
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        await pg("order").where({ id: order.id }).update({ created_at: at(-7 * 24 * HOUR) })
        return customerOf(cartId)
      }

      const bodiesTo = (phone: string) =>
        simulator()
          .inbox()
          .filter((text) => text.to[0] === phone.slice(1))
          .map((text) => text.body.replace(/ http\S+/, "").replace(` ${OPT_OUT}`, ""))

      it("puts each cart in the first enabled campaign, by priority, whose targeting it matches, once, when its episode starts", async () => {
        const customers = getContainer().resolve(Modules.CUSTOMER)
        const [vip] = await customers.createCustomerGroups([{ name: "VIP" }])
        const [elsewhere] = await getContainer().resolve(Modules.SALES_CHANNEL).createSalesChannels([{ name: "Elsewhere" }])
        const returningCustomerId = await pastOrder("rita.returning@example.com")

        // Highest priority first; the first two match none of the carts.
        const otherChannel = await createCampaign({ name: "Other channel", priority: 50, sales_channel_ids: [elsewhere.id], steps: stepsNamed("OTHER") })
        await createCampaign({ name: "Euro", priority: 40, currency_codes: ["eur"], steps: stepsNamed("EUR") })
        const vipCampaign = await createCampaign({ name: "VIP", priority: 30, customer_group_ids: [vip.id], steps: stepsNamed("VIP") })
        const returningBig = await createCampaign({
          name: "Returning, big carts",
          priority: 20,
          customer_type: "returning",
          min_cart_total: 90,
          // Its first text waits an hour longer than the others'.
          steps: stepsNamed("RETURNING", 60),
        })
        const usdSmall = await createCampaign({
          name: "Small USD carts",
          priority: 10,
          currency_codes: ["usd"],
          sales_channel_ids: [store.salesChannelId],
          max_cart_total: 60,
          steps: stepsNamed("SMALL"),
        })

        const vipCart = await shopperCart({ email: "vera.vip@example.com", phone: "+447400123701", quantity: 1 })
        await customers.addCustomerToGroup({ customer_id: await customerOf(vipCart.cartId), customer_group_id: vip.id })
        const bigReturning = await shopperCart({ email: "rita.returning@example.com", phone: "+447400123702", quantity: 2 })
        const smallReturning = await shopperCart({ email: "rita.returning@example.com", phone: "+447400123703", quantity: 1 })
        const bigNew = await shopperCart({ email: "nina.new@example.com", phone: "+447400123704", quantity: 2 })
        expect(await customerOf(bigReturning.cartId)).toBe(returningCustomerId)

        // With several campaigns the cart event leaves the campaign to the episode's start, and
        // schedules at the earliest first step among them: idle 30 minutes, no delay.
        for (const cart of [vipCart, bigReturning, smallReturning, bigNew]) {
          expect(cart.scheduledAfterMs).toBe(30 * MINUTE)
          expect(await recoveryOf(getContainer(), cart.cartId)).toMatchObject({ status: "tracking", campaign_id: null })
        }

        const first = await sweepAt(getContainer(), at(31 * MINUTE))
        expect(bodiesTo(vipCart.phone)).toEqual(["Acme: VIP one"])
        expect(bodiesTo(smallReturning.phone)).toEqual(["Acme: SMALL one"])
        // The big returning cart's campaign waits an hour more: moved to its own first step, no text yet.
        expect(bodiesTo(bigReturning.phone)).toEqual([])
        expect(await recoveryOf(getContainer(), bigReturning.cartId)).toMatchObject({
          status: "tracking",
          campaign_id: returningBig,
          holdout: false,
          reason: "not_due",
        })
        expect(new Date((await recoveryOf(getContainer(), bigReturning.cartId)).next_send_at!).toISOString()).toBe(
          at(90 * MINUTE).toISOString()
        )
        // No campaign takes a new shopper's $98 cart: it is not texted, and says why.
        expect(bodiesTo(bigNew.phone)).toEqual([])
        expect(await recoveryOf(getContainer(), bigNew.cartId)).toMatchObject({
          status: "tracking",
          campaign_id: null,
          next_send_at: null,
          reason: "no_matching_campaign",
        })
        expect(first.outcomes).toEqual({ sent: 2, defer: 1, park: 1 })

        await sweepAt(getContainer(), at(91 * MINUTE))
        expect(bodiesTo(bigReturning.phone)).toEqual(["Acme: RETURNING one"])

        for (const [cart, campaignId] of [
          [vipCart, vipCampaign],
          [bigReturning, returningBig],
          [smallReturning, usdSmall],
        ] as const) {
          expect(await recoveryOf(getContainer(), cart.cartId)).toMatchObject({ status: "active", campaign_id: campaignId, next_step: 2 })
        }

        // An admin now makes the top campaign take every cart: open episodes stay where they started.
        await succeeded(
          api.post(`/admin/sms-recovery/campaigns/${otherChannel}`, { sales_channel_ids: [] }, store.adminHeaders),
          "editing the top campaign"
        )
        await sweepAt(getContainer(), at(24 * HOUR + 91 * MINUTE))
        expect(bodiesTo(vipCart.phone)).toEqual(["Acme: VIP one", "Acme: VIP two"])
        expect(bodiesTo(bigReturning.phone)).toEqual(["Acme: RETURNING one", "Acme: RETURNING two"])
        expect(bodiesTo(smallReturning.phone)).toEqual(["Acme: SMALL one", "Acme: SMALL two"])
        expect(bodiesTo(bigNew.phone)).toEqual([])
        expect(simulator().inbox().filter((text) => /OTHER|EUR/.test(text.body))).toEqual([])

        // Each text is recorded under its campaign's step.
        const recovery = await recoveryOf(getContainer(), vipCart.cartId)
        const messages = await service().listMessages({ recovery_id: recovery.id })
        const vipSteps = await service().listCampaignSteps({ campaign_id: vipCampaign })
        expect(new Set(messages.map((message) => message.step_id))).toEqual(new Set(vipSteps.map((step) => step.id)))
      })

      it("matches a parked cart again once the cart changes, by the campaigns of that moment", async () => {
        await createCampaign({ name: "Small carts", priority: 10, max_cart_total: 60, steps: stepsNamed("SMALL") })
        await createCampaign({ name: "Big carts", priority: 5, min_cart_total: 200, steps: stepsNamed("BIG") })
        const cart = await shopperCart({ email: "nina.new@example.com", phone: "+447400123711", quantity: 2 })

        await sweepAt(getContainer(), at(31 * MINUTE))
        expect(await recoveryOf(getContainer(), cart.cartId)).toMatchObject({ reason: "no_matching_campaign", next_send_at: null })

        // The shopper takes the cart down to one item: the cart event schedules it again, and now
        // it matches.
        const [line] = (await succeeded(api.get(`/store/carts/${cart.cartId}`, store.storeHeaders), "reading the cart")).data.cart.items
        const handled = TestEventUtils.waitSubscribersExecution("cart.updated", getContainer().resolve(Modules.EVENT_BUS))
        await succeeded(
          api.post(`/store/carts/${cart.cartId}/line-items/${line.id}`, { quantity: 1 }, store.storeHeaders),
          "changing the quantity"
        )
        await handled
        expect(await recoveryOf(getContainer(), cart.cartId)).toMatchObject({ status: "tracking", reason: null })
        await moveEpisodeTo(cart.cartId, at(2 * HOUR))
        await sweepAt(getContainer(), at(2 * HOUR + 31 * MINUTE))
        expect(bodiesTo(cart.phone)).toEqual(["Acme: SMALL one"])
      })
    },
  })
})
