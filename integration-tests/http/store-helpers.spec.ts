import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { completeShopperCart, createShopperCart, setUpStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"

jest.setTimeout(120_000)

describe("store helpers", () => {
  useSinchSimulator()
  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      it("checks a shopper's cart out into an order", async () => {
        const store = await setUpStore(api, getContainer())
        const cartId = await createShopperCart(api, store, { phone: "+14155550123" })
        const order = await completeShopperCart(api, store, cartId)
        expect(order.total).toBe(54)
        const me = await api.get("/admin/users/me", store.adminHeaders)
        expect(me.data.user.email).toBe("admin@example.com")
      })
    },
  })
})
