import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { useEnv } from "../helpers/env"
import { useSinchSimulator } from "../helpers/sinch"
import { setUpStore } from "../helpers/store"
import { waitFor } from "../helpers/wait"

jest.setTimeout(240_000)

const SECRET = "whsec-replies-spec-0123456789"
const PHONE = "+14155550123"
const STORE_NUMBER = "+12025550100"

// The app boots once per file, so a store configured without a feed provider gets its own.
describe("replies in a store with no provider on the feed channel", () => {
  useEnv({ NOTIFICATION_LOCAL_CHANNELS: "email" })
  const simulator = useSinchSimulator({ callbackSecret: SECRET }, { SINCH_WEBHOOK_SECRET: SECRET })

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      it("still stores the reply, and the callback is applied", async () => {
        const container = getContainer()
        const store = await setUpStore(api, container)
        const sms = container.resolve<SmsRecoveryModuleService>("sms_recovery")
        const { data } = await api.get("/admin/sms-recovery/webhooks", store.adminHeaders)

        const { pathname, search } = new URL(data.webhooks.inbound_url)
        const answer = await simulator().sendInbound(`${api.defaults.baseURL}${pathname}${search}`, {
          from: PHONE,
          to: STORE_NUMBER,
          body: "Do you ship to Canada?",
        })

        expect(answer.status).toBe(200)
        await waitFor(async () => (await sms.listInboundCallbacks({ applied_at: null })).length === 0)
        const replies = await sms.listReplies({ phone: PHONE })
        expect(replies.map((reply) => reply.body)).toEqual(["Do you ship to Canada?"])
        expect(await sms.listInboundCallbacks({ last_error: { $ne: null } })).toHaveLength(0)
        // Medusa records the attempt as failed; nothing was delivered anywhere.
        const feed = await container.resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" })
        expect(feed.map(({ status, provider_id }) => [status, provider_id])).toEqual([["failure", null]])
      })
    },
  })
})
