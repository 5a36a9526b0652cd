import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { cancelOrderWorkflow, createProductsWorkflow } from "@medusajs/medusa/core-flows"
import {
  addShopperItem,
  completeShopperCart,
  createShopperCart,
  setUpStore,
  type TestStore,
} from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import {
  enableCampaign,
  expectEverySentTextHasItsBatch,
  HOUR,
  lastActiveAt,
  MINUTE,
  optIn,
  recoveryOf,
  smsRecoveryService,
  sweepAt,
  testEpoch,
} from "../helpers/recovery"

jest.setTimeout(240_000)

const ANA_PHONE = "+14155550123"
const LEE_PHONE = "+14155550124"
const ANA_EMAIL = "ana.silva@example.com"
const LINK = "http://localhost:9000/sms/r/[0-9A-Za-z]{12}"
const TEMPLATE =
  "{{brand}}: {{#if is_returning}}Welcome back, {{first_name}} ({{orders_count}} orders)!{{else}}Hi {{first_name}}!{{/if}} " +
  "{{#if stock_left}}Only {{stock_left}} {{low_stock_item}} left.{{else}}Your {{top_item}} is waiting.{{/if}} " +
  "{{link}} Reply STOP to opt out"

type Stocked = { variantId: string; inventoryItemId: string }

describe("urgency and order-history template variables", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let shopLocationId: string
      const T = testEpoch()
      const at = (offsetMs: number) => new Date(T.getTime() + offsetMs)

      afterEach(() => expectEverySentTextHasItsBatch(getContainer()))

      beforeEach(async () => {
        simulator().clear()
        store = await setUpStore(api, getContainer())
        const [shop] = await getContainer().resolve(Modules.STOCK_LOCATION).listStockLocations({ name: "Demo warehouse" })
        shopLocationId = shop.id
        const campaignId = await enableCampaign(getContainer(), {}, at(-HOUR))
        await useTemplate(getContainer(), campaignId, TEMPLATE)
      })

      /**
       * A product whose variant manages inventory, with an inventory item made through the
       * inventory module and a level per location given.
       */
      const stockedProduct = async (title: string, levels: { location_id: string; stocked_quantity: number }[]) => {
        const container = getContainer()
        const inventory = container.resolve(Modules.INVENTORY)
        const sku = title.toUpperCase().replace(/\W+/g, "-")
        const inventoryItem = await inventory.createInventoryItems({ sku, title })
        await inventory.createInventoryLevels(levels.map((level) => ({ ...level, inventory_item_id: inventoryItem.id })))
        const [profile] = await container.resolve(Modules.FULFILLMENT).listShippingProfiles({ name: "Demo" })
        const { result } = await createProductsWorkflow(container).run({
          input: {
            products: [
              {
                title,
                status: "published",
                shipping_profile_id: profile.id,
                options: [{ title: "Size", values: ["One size"] }],
                variants: [
                  {
                    title: "One size",
                    sku,
                    options: { Size: "One size" },
                    manage_inventory: true,
                    inventory_items: [{ inventory_item_id: inventoryItem.id, required_quantity: 1 }],
                    prices: [{ currency_code: "usd", amount: 30 }],
                  },
                ],
                sales_channels: [{ id: store.salesChannelId }],
              },
            ],
          },
        })
        return { variantId: result[0].variants[0].id, inventoryItemId: inventoryItem.id } satisfies Stocked
      }

      /** Units set aside for other shoppers' orders, as Medusa reserves them at checkout. */
      const reserve = async (product: Stocked, quantity: number) => {
        await getContainer()
          .resolve(Modules.INVENTORY)
          .createReservationItems({ inventory_item_id: product.inventoryItemId, location_id: shopLocationId, quantity })
      }

      /** Orders Ana placed a week before the carts below were left, one of them canceled since. */
      const anaOrderedBefore = async () => {
        const orderIds: string[] = []
        for (let index = 0; index < 3; index++) {
          const cartId = await createShopperCart(api, store, { email: ANA_EMAIL })
          orderIds.push((await completeShopperCart(api, store, cartId)).id)
        }
        await cancelOrderWorkflow(getContainer()).run({ input: { order_id: orderIds[2] } })
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        await pg("order").whereIn("id", orderIds).update({ created_at: at(-7 * 24 * HOUR) })
      }

      const idleCart = async (shopper: Parameters<typeof createShopperCart>[2], extra: Stocked[] = []) => {
        const cartId = await createShopperCart(api, store, shopper)
        for (const product of extra) {
          await addShopperItem(api, store, cartId, product.variantId)
        }
        await lastActiveAt(getContainer(), cartId, T)
        await optIn(getContainer(), shopper!.phone!)
        return cartId
      }

      const textTo = (phone: string) => {
        const texts = simulator()
          .inbox()
          .filter((text) => text.to.includes(phone.slice(1)))
        expect(texts).toHaveLength(1)
        return texts[0].body
      }

      it("renders stock from the inventory module and history from the shopper's orders, in one page", async () => {
        const depot = await getContainer()
          .resolve(Modules.STOCK_LOCATION)
          .createStockLocations({ name: "Overflow depot, not in the store's channel" })
        // 10 in the store's location, 7 of them reserved: 3 for the shopper. The depot's 50 are
        // not sold in the cart's channel.
        const scarf = await stockedProduct("Wool Scarf", [
          { location_id: shopLocationId, stocked_quantity: 10 },
          { location_id: depot.id, stocked_quantity: 50 },
        ])
        const tote = await stockedProduct("Canvas Tote", [{ location_id: shopLocationId, stocked_quantity: 20 }])
        await anaOrderedBefore()
        // A guest cart under the same email: Medusa gives it the customer of her earlier orders.
        await idleCart({ phone: ANA_PHONE, email: ANA_EMAIL }, [tote, scarf])
        await reserve(scarf, 7)
        // Nothing tracked and no order yet.
        await idleCart({ phone: LEE_PHONE, email: "lee.chen@example.com", firstName: "Lee" })

        const sweep = await sweepAt(getContainer(), at(31 * MINUTE))

        expect(sweep.outcomes).toEqual({ sent: 2 })
        expect(textTo(ANA_PHONE)).toMatch(
          new RegExp(`^Acme: Welcome back, Ana \\(2 orders\\)! Only 3 Wool Scarf left\\. ${LINK} Reply STOP to opt out$`)
        )
        expect(textTo(LEE_PHONE)).toMatch(
          new RegExp(`^Acme: Hi Lee! Your Linen Shirt is waiting\\. ${LINK} Reply STOP to opt out$`)
        )
      })

      it("reads a tracked item reserved to the last unit as 0, so the urgency guard stays shut", async () => {
        const scarf = await stockedProduct("Wool Scarf", [{ location_id: shopLocationId, stocked_quantity: 4 }])
        await idleCart({ phone: ANA_PHONE, email: ANA_EMAIL }, [scarf])
        await reserve(scarf, 4)

        await sweepAt(getContainer(), at(31 * MINUTE))

        expect(textTo(ANA_PHONE)).toMatch(
          new RegExp(`^Acme: Hi Ana! Your Linen Shirt is waiting\\. ${LINK} Reply STOP to opt out$`)
        )
      })

      it("still ends, untexted, a recovery whose shopper has ordered since the cart was left", async () => {
        const cartId = await idleCart({ phone: ANA_PHONE, email: ANA_EMAIL })
        await completeShopperCart(api, store, await createShopperCart(api, store, { email: ANA_EMAIL }))

        const sweep = await sweepAt(getContainer(), at(31 * MINUTE))

        expect(sweep.outcomes).toEqual({ end: 1 })
        expect(simulator().inbox()).toHaveLength(0)
        expect(await recoveryOf(getContainer(), cartId)).toMatchObject({
          status: "completed",
          reason: "ordered_since_abandonment",
        })
      })

      it("renders the fallbacks of an unguarded template when nothing is tracked", async () => {
        const smsRecovery = smsRecoveryService(getContainer())
        const [campaign] = await smsRecovery.listCampaigns({})
        await useTemplate(
          getContainer(),
          campaign.id,
          "{{brand}}: only {{stock_left}} {{low_stock_item}} left; orders: {{orders_count}}{{is_returning}}. {{link}} Reply STOP to opt out"
        )
        await idleCart({ phone: LEE_PHONE, email: "lee.chen@example.com", firstName: "Lee" })

        await sweepAt(getContainer(), at(31 * MINUTE))

        expect(textTo(LEE_PHONE)).toMatch(
          new RegExp(`^Acme: only your items left; orders: 0\\. ${LINK} Reply STOP to opt out$`)
        )
      })
    },
  })
})

/** Sets the template of step 1's first variant, as an admin editing the campaign would. */
async function useTemplate(container: MedusaContainer, campaignId: string, template: string) {
  const smsRecovery = smsRecoveryService(container)
  const [step] = await smsRecovery.listCampaignSteps({ campaign_id: campaignId, position: 1 }, { relations: ["variants"] })
  await smsRecovery.updateStepVariants([{ id: step.variants[0].id, template }])
  smsRecovery.clearCampaignCache()
}
