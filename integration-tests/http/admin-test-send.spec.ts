import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { ensureAdminUser } from "../../support/seed-store"
import { smsRecoveryService } from "../helpers/recovery"
import { useSinchSimulator } from "../helpers/sinch"
import { setUpStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

const ADMIN_PHONE = "+14155550177"
const LINK = "http://localhost:9000/sms/r/x7Kp9qLm2Zt4"

describe("POST /admin/sms-recovery/test-send", () => {
  const sinch = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let campaign: { id: string; steps: { position: number; variants: { id: string; name: string }[] }[] }

      beforeEach(async () => {
        sinch().clear()
        store = await setUpStore(api, getContainer())
        const { data } = await api.get("/admin/sms-recovery/campaigns", store.adminHeaders)
        campaign = data.campaigns[0]
      })

      const send = (body: object, headers = store.adminHeaders) =>
        api
          .post("/admin/sms-recovery/test-send", body, headers)
          .catch((error: { response: { status: number; data: any; headers: Record<string, string> } }) => error.response)

      it("texts the rendered step to the typed number, marked as a test, and counts nothing", async () => {
        const variant = campaign.steps[1].variants[0]
        const { status, data } = await send({
          campaign_id: campaign.id,
          step_position: 2,
          variant_id: variant.id,
          phone: "(415) 555-0177",
        })

        expect(status).toBe(200)
        expect(data.test_text).toMatchObject({
          to: expect.not.stringContaining("555-0177"),
          step_position: 2,
          variant_id: variant.id,
          variant_name: "A",
          encoding: "GSM-7",
          // 161 characters or more with a code as long as a real one: the default second step
          // takes two segments when it goes out, and the test text says so.
          segments: 2,
          client_reference: expect.stringMatching(/^sms-recovery-test_/),
        })
        expect(data.test_text.text).toMatch(
          new RegExp(`^Acme: still thinking about your Linen Shirt, Ana\\? Take 10% off with code SMS-7KQ2PXHD until .+: ${LINK} Reply STOP to opt out$`)
        )

        const inbox = sinch().inbox()
        expect(inbox).toHaveLength(1)
        expect(inbox[0]).toMatchObject({
          id: data.test_text.batch_id,
          to: [ADMIN_PHONE.slice(1)],
          body: data.test_text.text,
          client_reference: data.test_text.client_reference,
          callback_url: expect.stringMatching(/^http:\/\/localhost:9000\/webhooks\/sinch\/delivery\?token=/),
        })

        const container = getContainer()
        const sms = smsRecoveryService(container)
        expect(await sms.listMessages({})).toHaveLength(0)
        expect(await sms.listRecoveries({})).toHaveLength(0)
        expect(await container.resolve(Modules.PROMOTION).listPromotions({ code: "SMS-7KQ2PXHD" })).toHaveLength(0)
        const stats = await api.get("/admin/sms-recovery/stats", store.adminHeaders)
        expect(stats.data.stats).toMatchObject({ sent: 0, clicks: 0, segments: 0 })

        // The sample link belongs to no recovery: following it credits nothing.
        const click = await api.get("/sms/r/x7Kp9qLm2Zt4", { maxRedirects: 0, validateStatus: () => true })
        expect(click.status).not.toBe(500)
        expect(await sms.listMessages({})).toHaveLength(0)
      })

      it("sends the step's first variant when none is named", async () => {
        const { status, data } = await send({ campaign_id: campaign.id, step_position: 1, phone: ADMIN_PHONE })
        expect(status).toBe(200)
        expect(data.test_text.text).toBe(`Acme: Ana, your Linen Shirt is still in your cart: ${LINK} Reply STOP to opt out`)
      })

      it.each([
        [{ step_position: 1, phone: "12" }, /Field 'phone' must be a valid phone number/],
        [{ step_position: 1.5, phone: ADMIN_PHONE }, /step_position: must be a whole number/],
        [{ step_position: 4, phone: ADMIN_PHONE }, /step_position: campaign \S+ has no step 4/],
        [{ step_position: 1, variant_id: "smsvar_nope", phone: ADMIN_PHONE }, /variant_id: step 1 has no variant "smsvar_nope"/],
      ])("refuses %j with a 400 naming the field, sending nothing", async (body, message) => {
        const { status, data } = await send({ campaign_id: campaign.id, ...body })
        expect({ status, message: data.message }).toEqual({ status: 400, message: expect.stringMatching(message) })
        expect(sinch().inbox()).toHaveLength(0)
      })

      it("answers 404 for an unknown campaign and 400 for an email step", async () => {
        const unknown = await send({ campaign_id: "smscmp_nope", step_position: 1, phone: ADMIN_PHONE })
        expect(unknown.status).toBe(404)

        const step = (position: number, channel: string, delay: number) => ({
          delay_minutes: delay,
          channel,
          variants: [{ name: "A", weight: 1, template: "{{brand}}: {{link}} Reply STOP to opt out" }],
        })
        await api.post(
          `/admin/sms-recovery/campaigns/${campaign.id}`,
          { steps: [step(1, "sms", 0), step(2, "email", 60)] },
          store.adminHeaders
        )
        const email = await send({ campaign_id: campaign.id, step_position: 2, phone: ADMIN_PHONE })
        expect(email.status).toBe(400)
        expect(email.data.message).toMatch(/step_position: step 2 is sent by email/)
        expect(sinch().inbox()).toHaveLength(0)
      })

      it("does not text a number that opted out", async () => {
        await smsRecoveryService(getContainer()).createConsents({ phone: ADMIN_PHONE, status: "opted_out" })
        const { status, data } = await send({ campaign_id: campaign.id, step_position: 1, phone: ADMIN_PHONE })
        expect(status).toBe(400)
        expect(data.message).toMatch(/^Invalid request: phone: this number opted out/)
        expect(sinch().inbox()).toHaveLength(0)
      })

      it("allows five test texts per admin in 15 minutes, then answers 429; another admin still can", async () => {
        const body = { campaign_id: campaign.id, step_position: 1, phone: ADMIN_PHONE }
        for (let i = 0; i < 5; i++) {
          expect((await send(body)).status).toBe(200)
        }
        const refused = await send(body)
        expect(refused.status).toBe(429)
        expect(refused.data.message).toMatch(/You sent 5 test texts in the last 15 minutes/)
        expect(Number(refused.headers["retry-after"])).toBeGreaterThan(800)
        expect(sinch().inbox()).toHaveLength(5)

        await ensureAdminUser(getContainer(), "second-admin@example.com", "supersecret")
        const login = await api.post("/auth/user/emailpass", { email: "second-admin@example.com", password: "supersecret" })
        const other = await send(body, { headers: { authorization: `Bearer ${login.data.token}` } })
        expect(other.status).toBe(200)
      })

      it("needs an admin", async () => {
        const { status } = await send({ campaign_id: campaign.id, step_position: 1, phone: ADMIN_PHONE }, { headers: {} })
        expect(status).toBe(401)
      })
    },
  })
})
