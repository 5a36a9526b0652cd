import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { webhookUrls } from "../../src/modules/sms_recovery/webhook-urls"
import { sendRecoveryReminderWorkflow } from "../../src/workflows/send-recovery-reminder"
import { createShopperCart, setUpStore, updateShopperCart, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { waitFor } from "../helpers/wait"
import {
  enableCampaign,
  HOUR,
  lastActiveAt,
  MINUTE,
  optIn,
  recoveryOf,
  setStepChannel,
  smsRecoveryService,
  sweepAt,
  testEpoch,
  expectEverySentTextHasItsBatch,
} from "../helpers/recovery"

jest.setTimeout(180_000)

const US_PHONE = "+14155550123"

const GB_PHONE = "+447400123456"

describe("recovery engine", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      const T = testEpoch()
      const at = (offsetMs: number) => new Date(T.getTime() + offsetMs)

      afterEach(() => expectEverySentTextHasItsBatch(getContainer()))

      beforeEach(async () => {
        simulator().clear()
        store = await setUpStore(api, getContainer())
      })

      const idleCart = async (shopper: Parameters<typeof createShopperCart>[2] = {}) => {
        const cartId = await createShopperCart(api, store, { phone: US_PHONE, ...shopper })
        await lastActiveAt(getContainer(), cartId, T)
        return cartId
      }

      it("tracks cart events without reading carts, and schedules nothing while the campaign is off", async () => {
        const cartId = await createShopperCart(api, store, { phone: US_PHONE })
        const recovery = await recoveryOf(getContainer(), cartId)
        expect(recovery).toMatchObject({ status: "tracking", next_send_at: null, campaign_id: null })
        const recoveries = await smsRecoveryService(getContainer()).listRecoveries({ cart_id: cartId })
        expect(recoveries).toHaveLength(1)

        // Query reaches the module's records, and the recovery's cart through the read-only link.
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "sms_recovery",
          fields: ["id", "status", "cart.id", "cart.email"],
          filters: { cart_id: cartId },
        })
        expect(data).toEqual([
          expect.objectContaining({ id: recovery.id, status: "tracking", cart: expect.objectContaining({ id: cartId }) }),
        ])
      })

      it("texts an idle, consented cart once, with brand, name, product, link and opt-out line", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const cartId = await idleCart()
        await optIn(getContainer(), US_PHONE)

        const early = await sweepAt(getContainer(), at(29 * MINUTE))
        expect(early.claimed).toBe(0)

        const sweep = await sweepAt(getContainer(), at(31 * MINUTE))
        expect(sweep.outcomes).toEqual({ sent: 1 })
        const inbox = simulator().inbox()
        expect(inbox).toHaveLength(1)
        expect(inbox[0].to).toEqual(["14155550123"])
        expect(inbox[0].body).toMatch(
          /^Acme: Ana, your Linen Shirt is still in your cart: http:\/\/localhost:9000\/sms\/r\/[0-9A-Za-z]{12} Reply STOP to opt out$/
        )
        expect(inbox[0].client_reference).toMatch(/^recovery:smsrec_\w+:step:1$/)

        const recovery = await recoveryOf(getContainer(), cartId)
        expect(recovery).toMatchObject({ status: "active", next_step: 2, claimed_by: null })
        const [message] = await smsRecoveryService(getContainer()).listMessages({ recovery_id: recovery.id })
        expect(message).toMatchObject({
          status: "sent",
          batch_id: inbox[0].id,
          step_position: 1,
          encoding: "GSM-7",
          segments: 1,
          to: US_PHONE,
        })

        // Sweeping again sends nothing more.
        await sweepAt(getContainer(), at(40 * MINUTE))
        expect(simulator().inbox()).toHaveLength(1)
      })

      it("skips the second text for US numbers and ends the recovery", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const cartId = await idleCart()
        await optIn(getContainer(), US_PHONE)
        await sweepAt(getContainer(), at(31 * MINUTE))

        const sweep = await sweepAt(getContainer(), at(24 * HOUR + MINUTE))
        expect(sweep.outcomes).toEqual({ skip_step: 1 })
        expect(simulator().inbox()).toHaveLength(1)
        expect(await recoveryOf(getContainer(), cartId)).toMatchObject({
          status: "exhausted",
          reason: "us_one_text_rule",
          next_send_at: null,
        })
      })

      it("sends the second step with a single-use incentive code outside the US", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        // A UK mobile on a US shipping address: the carrier rule follows the number.
        const cartId = await idleCart({ phone: GB_PHONE })
        await optIn(getContainer(), GB_PHONE)
        await sweepAt(getContainer(), at(31 * MINUTE))
        await sweepAt(getContainer(), at(24 * HOUR + MINUTE))

        const inbox = simulator().inbox()
        expect(inbox).toHaveLength(2)
        const code = inbox[1].body.match(/code (SMS-[2-9A-HJKMNP-Z]{8})/)?.[1]
        expect(code).toBeDefined()
        expect(inbox[1].body).toContain("Take 10% off")
        const [promotion] = await getContainer()
          .resolve(Modules.PROMOTION)
          .listPromotions({ code }, { relations: ["application_method", "campaign"] })
        expect(promotion).toMatchObject({ limit: 1, status: "active" })
        expect(Number(promotion.application_method?.value)).toBe(10)
        expect(await recoveryOf(getContainer(), cartId)).toMatchObject({ status: "exhausted" })
      })

      it("keeps the code of a text whose send may have gone out, and sends that very text on retry", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        await idleCart({ phone: GB_PHONE })
        await optIn(getContainer(), GB_PHONE)
        await sweepAt(getContainer(), at(31 * MINUTE))
        // Sinch accepts step 2's batch but answers 503, and the lookup that follows fails too.
        simulator().injectFault({ status: 503, acceptBatch: true })
        simulator().injectFault({ status: 503, on: "list" })

        expect((await sweepAt(getContainer(), at(24 * HOUR + MINUTE))).outcomes).toEqual({ failed: 1 })
        const [accepted] = simulator().inbox().slice(1)
        const code = accepted.body.match(/code (SMS-[2-9A-HJKMNP-Z]{8})/)?.[1]
        const promotions = getContainer().resolve(Modules.PROMOTION)
        expect(await promotions.listPromotions({ code })).toHaveLength(1)

        expect((await sweepAt(getContainer(), at(24 * HOUR + 31 * MINUTE))).outcomes).toEqual({ sent: 1 })
        expect(simulator().inbox()).toHaveLength(2)
        expect(await promotions.listPromotions({ code })).toHaveLength(1)
        const linkCode = accepted.body.match(/\/sms\/r\/([A-Za-z0-9]+)/)?.[1]
        const [message] = await smsRecoveryService(getContainer()).listMessages({ link_code: linkCode })
        expect(message).toMatchObject({ step_position: 2, status: "sent", discount_code: code, batch_id: accepted.id })
      })

      it("never texts a cart without consent, without a phone, or without items", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const noConsent = await idleCart()
        const noPhone = await idleCart({ phone: undefined })
        const noItems = await idleCart({ phone: "+14155550124", quantity: 0 })
        await optIn(getContainer(), "+14155550124")

        const sweep = await sweepAt(getContainer(), at(31 * MINUTE))

        expect(sweep.outcomes).toEqual({ park: 3 })
        expect(simulator().inbox()).toHaveLength(0)
        expect((await recoveryOf(getContainer(), noConsent)).reason).toBe("no_consent")
        expect((await recoveryOf(getContainer(), noPhone)).reason).toBe("no_phone")
        expect((await recoveryOf(getContainer(), noItems)).reason).toBe("no_items")
        // Parked recoveries are not claimed again by later sweeps.
        expect((await sweepAt(getContainer(), at(2 * HOUR))).claimed).toBe(0)
      })

      it("never texts a cart that went idle before the campaign was switched on", async () => {
        await enableCampaign(getContainer(), {}, at(10 * MINUTE))
        const cartId = await idleCart()
        await optIn(getContainer(), US_PHONE)

        await sweepAt(getContainer(), at(31 * MINUTE))

        expect(simulator().inbox()).toHaveLength(0)
        expect(await recoveryOf(getContainer(), cartId)).toMatchObject({
          status: "expired",
          reason: "idle_before_campaign",
        })
      })

      it("stops the episode when the shopper comes back, and starts a new one", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const cartId = await idleCart()
        await optIn(getContainer(), US_PHONE)
        await sweepAt(getContainer(), at(31 * MINUTE))
        const first = await recoveryOf(getContainer(), cartId)

        await updateShopperCart(api, store, cartId, { email: "ana.new@example.com" })

        const recoveries = await smsRecoveryService(getContainer()).listRecoveries(
          { cart_id: cartId },
          { order: { created_at: "ASC" } }
        )
        expect(recoveries).toHaveLength(2)
        expect(recoveries[0]).toMatchObject({ id: first.id, status: "stopped", reason: "cart_activity" })
        expect(recoveries[1]).toMatchObject({ status: "tracking", next_step: 1 })
        expect(recoveries[1].next_send_at).not.toBeNull()
      })

      it("defers a text that falls due at night to the recipient's morning", async () => {
        await enableCampaign(getContainer(), {}, at(-12 * HOUR))
        const cartId = await idleCart()
        await optIn(getContainer(), US_PHONE)
        // Last active 21:00 in Los Angeles (05:00 UTC): due 21:30, quiet until 09:00 (17:00 UTC).
        const evening = at(10 * HOUR)
        await lastActiveAt(getContainer(), cartId, evening)

        const sweep = await sweepAt(getContainer(), new Date(evening.getTime() + 31 * MINUTE))

        expect(sweep.outcomes).toEqual({ defer: 1 })
        const recovery = await recoveryOf(getContainer(), cartId)
        expect(recovery.reason).toBe("quiet_hours")
        expect(new Date(recovery.next_send_at!).toISOString()).toBe(at(22 * HOUR).toISOString())
        expect(simulator().inbox()).toHaveLength(0)
      })

      it("withholds an email step when no notification provider serves email", async () => {
        const campaignId = await enableCampaign(getContainer(), {}, at(-HOUR))
        await setStepChannel(getContainer(), campaignId, 2, { channel: "email", delay_minutes: 60 })
        const cartId = await idleCart({ phone: GB_PHONE })
        await optIn(getContainer(), GB_PHONE)

        await sweepAt(getContainer(), at(31 * MINUTE))
        const emailStep = await sweepAt(getContainer(), at(91 * MINUTE))

        expect(emailStep.outcomes).toEqual({ withheld: 1 })
        const recovery = await recoveryOf(getContainer(), cartId)
        expect(recovery).toMatchObject({ status: "exhausted", reason: "no_email_provider" })
        const messages = await smsRecoveryService(getContainer()).listMessages({ recovery_id: recovery.id })
        expect(messages.map((m) => m.channel)).toEqual(["sms"])
      })

      it("keeps a due reminder through a provider outage and sends it once Sinch is back", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const cartId = await idleCart()
        await optIn(getContainer(), US_PHONE)
        simulator().injectFault({ status: 503, times: 4 })

        const failed = await sweepAt(getContainer(), at(31 * MINUTE))
        expect(failed.outcomes).toEqual({ failed: 1 })
        const waiting = await recoveryOf(getContainer(), cartId)
        expect(waiting).toMatchObject({ status: "tracking", next_step: 1, send_attempts: 1 })
        // A 5xx may hide an accepted batch: the message and its link stay for the retry.
        const [kept] = await smsRecoveryService(getContainer()).listMessages({ recovery_id: waiting.id })
        expect(kept).toMatchObject({ status: "queued", error_code: "send_unconfirmed" })

        const retried = await sweepAt(getContainer(), at(45 * MINUTE))
        expect(retried.outcomes).toEqual({ sent: 1 })
        expect(simulator().inbox()).toHaveLength(1)
        expect(simulator().inbox()[0].body).toContain(`/sms/r/${kept.link_code}`)
        const [sent] = await smsRecoveryService(getContainer()).listMessages({ recovery_id: waiting.id })
        expect(sent).toMatchObject({ id: kept.id, status: "sent", error_code: null })
      })

      it("does not text again when Sinch accepts a send after the provider stopped waiting", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const cartId = await idleCart()
        await optIn(getContainer(), US_PHONE)
        // No answer within the timeout and its grace; Sinch creates the batch anyway.
        simulator().injectFault({ latencyMs: 1500 })

        const failed = await sweepAt(getContainer(), at(31 * MINUTE))
        expect(failed.outcomes).toEqual({ failed: 1 })
        await waitFor(() => simulator().inbox().length > 0)

        const retried = await sweepAt(getContainer(), at(45 * MINUTE))
        expect(retried.outcomes).toEqual({ sent: 1 })
        expect(simulator().inbox()).toHaveLength(1)
        const posts = simulator().requests().filter((r) => r.method === "POST" && r.path.endsWith("/batches"))
        expect(posts).toHaveLength(1)
        const [message] = await smsRecoveryService(getContainer()).listMessages({
          recovery_id: (await recoveryOf(getContainer(), cartId)).id,
        })
        expect(message).toMatchObject({ batch_id: simulator().inbox()[0].id })
        // The text that went out late carries the link the recorded message still answers to.
        expect(simulator().inbox()[0].body).toContain(`/sms/r/${message.link_code}`)
      })

      it("lets a STOP that arrives mid-send wait for it; nothing is sent after the opt-out is recorded", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const first = await idleCart({ phone: GB_PHONE })
        const second = await idleCart({ phone: GB_PHONE, email: "ana.second@example.com" })
        await optIn(getContainer(), GB_PHONE)
        const smsRecovery = smsRecoveryService(getContainer())
        // The second cart falls due a minute later, after the STOP.
        const secondRecovery = await recoveryOf(getContainer(), second)
        await smsRecovery.updateRecoveries([{ id: secondRecovery.id, next_send_at: at(32 * MINUTE) }])
        // Sinch is slow to answer: past the provider's 400 ms timeout, within its grace.
        simulator().injectFault({ latencyMs: 500 })

        const sweep = sweepAt(getContainer(), at(31 * MINUTE), { concurrency: 1 })
        await waitFor(() => simulator().requests().some((r) => r.method === "POST" && r.path.endsWith("/batches")))
        // The URL the store owner pastes into Sinch, pointed at this test's server.
        const { pathname, search } = new URL(webhookUrls(smsRecovery.getOptions()).inbound)
        const inboundUrl = `${api.defaults.baseURL}${pathname}${search}`
        const stop = await simulator().sendInbound(inboundUrl, { from: "447400123456", to: "12025550100", body: "STOP" })
        const stopAnsweredAt = new Date()
        await sweep
        await sweepAt(getContainer(), at(33 * MINUTE))

        expect(stop.status).toBe(200)
        const reminders = simulator().inbox().filter((batch) => batch.client_reference?.startsWith("recovery:"))
        expect(reminders).toHaveLength(1)
        const [consent] = await smsRecovery.listConsents({ phone: GB_PHONE })
        expect(consent.status).toBe("opted_out")
        expect(new Date(reminders[0].created_at).getTime()).toBeLessThanOrEqual(new Date(consent.updated_at).getTime())
        expect(new Date(reminders[0].created_at).getTime()).toBeLessThanOrEqual(stopAnsweredAt.getTime())
        expect(await recoveryOf(getContainer(), second)).toMatchObject({ status: "opted_out" })
        expect(await recoveryOf(getContainer(), first)).toMatchObject({ status: "opted_out", next_send_at: null })
      })

      it("lets a stalled worker whose claim was retaken send nothing, not even the next step early", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const cartId = await idleCart({ phone: GB_PHONE })
        await optIn(getContainer(), GB_PHONE)
        const smsRecovery = smsRecoveryService(getContainer())
        // A worker claims the recovery, then stalls (a Sinch outage holding its page) past its lease.
        const [claimed] = await smsRecovery.claimDueRecoveries({
          workerId: "stalled-worker",
          now: at(31 * MINUTE),
          limit: 10,
          leaseSeconds: 60,
        })
        // Another worker retakes it, sends step 1 and schedules step 2 for tomorrow.
        expect((await sweepAt(getContainer(), at(33 * MINUTE))).outcomes).toEqual({ sent: 1 })
        const scheduled = await recoveryOf(getContainer(), cartId)
        expect(scheduled).toMatchObject({ status: "active", next_step: 2 })

        // The stalled worker gets to it at last.
        const late = await sendRecoveryReminderWorkflow(getContainer()).run({
          input: { recovery_id: claimed.id, now: at(34 * MINUTE), worker_id: "stalled-worker" },
        })
        // Run by hand, without a worker, it waits for step 2's time.
        const early = await sendRecoveryReminderWorkflow(getContainer()).run({
          input: { recovery_id: claimed.id, now: at(35 * MINUTE) },
        })

        expect(late.result).toMatchObject({ outcome: "leave", reason: "claim_lost" })
        expect(early.result).toMatchObject({ outcome: "defer", reason: "not_due" })
        expect(simulator().inbox()).toHaveLength(1)
        const after = await recoveryOf(getContainer(), cartId)
        expect(after).toMatchObject({ status: "active", next_step: 2, claimed_by: null })
        expect(new Date(after.next_send_at!).toISOString()).toBe(new Date(scheduled.next_send_at!).toISOString())
      })

      it("retakes a recovery whose worker crashed once its claim expires", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        await idleCart()
        await optIn(getContainer(), US_PHONE)
        const smsRecovery = smsRecoveryService(getContainer())
        const claimed = await smsRecovery.claimDueRecoveries({
          workerId: "crashed-worker",
          now: at(31 * MINUTE),
          limit: 10,
          leaseSeconds: 300,
        })
        expect(claimed).toHaveLength(1)

        expect((await sweepAt(getContainer(), at(32 * MINUTE))).claimed).toBe(0)
        const retaken = await sweepAt(getContainer(), at(37 * MINUTE))
        expect(retaken.outcomes).toEqual({ sent: 1 })
        expect(simulator().inbox()).toHaveLength(1)
      })
    },
  })
})
