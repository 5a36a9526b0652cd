import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../src/modules/sms_recovery"
import {
  createCampaignWorkflow,
  type CreateCampaignWorkflowInput,
} from "../../src/workflows/create-campaign"
import type { CampaignDetail } from "../../src/workflows/utils/campaign-detail"
import { setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"

jest.setTimeout(180_000)

const OPT_OUT = "Reply STOP to opt out"
const TEMPLATE = `{{brand}}: {{first_name}}, your cart is waiting: {{link}} ${OPT_OUT}`
const steps = [
  { delay_minutes: 60, variants: [{ name: "A", template: TEMPLATE, weight: 1 }] },
  {
    delay_minutes: 1440,
    channel: "sms",
    expires_after_hours: 12,
    incentive: { type: "percentage", value: 15, expiry_hours: 24 },
    variants: [
      { name: "A", template: `{{brand}}: {{discount_code}} takes {{discount_value}} off {{link}} ${OPT_OUT}`, weight: 3 },
      { name: "B", template: `{{brand}}: still yours {{link}} ${OPT_OUT}`, weight: 1, delay_minutes: 2880 },
    ],
  },
]

// Runs the creation inside a larger flow that then fails, so its compensation has to undo it.
const failAfterCreateStep = createStep("sms-test-fail-after-campaign-create", async (campaign: CampaignDetail) => {
  throw new Error(`failed after creating "${campaign.name}" with ${campaign.steps.length} steps`)
})
const createThenFailWorkflow = createWorkflow(
  "sms-test-create-campaign-then-fail",
  (input: WorkflowData<CreateCampaignWorkflowInput>) => {
    const campaign = createCampaignWorkflow.runAsStep({ input })
    failAfterCreateStep(campaign)
    return new WorkflowResponse(void 0)
  }
)

describe("admin SMS campaign lifecycle: create, list, delete", () => {
  useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let defaultCampaign: CampaignDetail
      let service: SmsRecoveryModuleService

      beforeEach(async () => {
        store = await setUpStore(api, getContainer())
        service = getContainer().resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
        const { data } = await api.get("/admin/sms-recovery/campaigns", store.adminHeaders)
        defaultCampaign = data.campaigns[0]
      })

      const request = <T = any>(call: Promise<{ status: number; data: T }>) =>
        call.catch((error) => error.response as { status: number; data: any })
      const get = (path: string) => request(api.get(path, store.adminHeaders))
      const post = (path: string, body: object) => request(api.post(path, body, store.adminHeaders))
      const remove = (path: string) => request((api as any).delete(path, store.adminHeaders))
      const create = (body: object) => post("/admin/sms-recovery/campaigns", body)
      const list = async (): Promise<CampaignDetail[]> => (await get("/admin/sms-recovery/campaigns")).data.campaigns

      /** Every campaign, step and variant row, soft-deleted ones included. */
      const rowCounts = async () => ({
        campaigns: (await service.listCampaigns({}, { withDeleted: true, select: ["id"] })).length,
        steps: (await service.listCampaignSteps({}, { withDeleted: true, select: ["id"] })).length,
        variants: (await service.listStepVariants({}, { withDeleted: true, select: ["id"] })).length,
      })

      const customerGroup = async (name: string) => {
        const customers = getContainer().resolve(Modules.CUSTOMER)
        const [group] = await customers.createCustomerGroups([{ name }])
        return group.id
      }

      describe("creating", () => {
        it("creates a campaign with its settings, targeting and steps, and gets it back by id", async () => {
          const groupId = await customerGroup("VIP")
          const body = {
            name: "Big VIP carts",
            enabled: true,
            priority: 10,
            holdout_percent: 20,
            region_ids: [store.regionId, store.regionId],
            currency_codes: ["USD", "eur"],
            sales_channel_ids: [store.salesChannelId],
            customer_group_ids: [groupId],
            customer_type: "returning",
            min_cart_total: 100,
            max_cart_total: 2500.5,
            abandon_after_minutes: 45,
            quiet_hours_start: "10:00",
            double_opt_in_countries: ["US", "CA"],
            steps,
          }
          const before = Date.now()

          const { status, data } = await create(body)

          expect(status).toBe(200)
          // Segment prices belong to the stats; the stats tests cover them.
          const { segment_prices: _prices, ...shown } = data.campaign
          expect(shown).toEqual({
            id: expect.stringMatching(/^smscmp_/),
            name: "Big VIP carts",
            enabled: true,
            priority: 10,
            holdout_percent: 20,
            region_ids: [store.regionId],
            currency_codes: ["usd", "eur"],
            sales_channel_ids: [store.salesChannelId],
            customer_group_ids: [groupId],
            customer_type: "returning",
            active_since: expect.any(String),
            abandon_after_minutes: 45,
            max_per_phone_per_24h: 2,
            quiet_hours_start: "10:00",
            quiet_hours_end: "20:00",
            click_window_hours: 120,
            view_window_hours: 24,
            min_cart_total: 100,
            max_cart_total: 2500.5,
            double_opt_in_countries: ["US", "CA"],
            opt_out_line: OPT_OUT,
            created_at: expect.any(String),
            updated_at: expect.any(String),
            steps: [
              {
                id: expect.stringMatching(/^smsstep_/),
                position: 1,
                delay_minutes: 60,
                channel: "sms",
                expires_after_hours: 24,
                incentive_type: null,
                incentive_value: null,
                incentive_expiry_hours: null,
                variants: [{ id: expect.stringMatching(/^smsvar_/), name: "A", template: TEMPLATE, weight: 1, delay_minutes: null }],
              },
              {
                id: expect.stringMatching(/^smsstep_/),
                position: 2,
                delay_minutes: 1440,
                channel: "sms",
                expires_after_hours: 12,
                incentive_type: "percentage",
                incentive_value: 15,
                incentive_expiry_hours: 24,
                variants: [
                  { id: expect.stringMatching(/^smsvar_/), name: "A", template: steps[1].variants[0].template, weight: 3, delay_minutes: null },
                  { id: expect.stringMatching(/^smsvar_/), name: "B", template: steps[1].variants[1].template, weight: 1, delay_minutes: 2880 },
                ],
              },
            ],
          })
          expect(new Date(data.campaign.active_since).getTime()).toBeGreaterThanOrEqual(before - 1000)
          const { status: getStatus, data: fetched } = await get(`/admin/sms-recovery/campaigns/${data.campaign.id}`)
          expect({ status: getStatus, campaign: fetched.campaign }).toEqual({ status: 200, campaign: data.campaign })
        })

        it("gives a campaign created with only a name and steps a new campaign's defaults: off, priority 0, no holdout, no targeting", async () => {
          const { status, data } = await create({ name: "Minimal", steps: [steps[0]] })

          expect(status).toBe(200)
          expect(data.campaign).toMatchObject({
            enabled: false,
            active_since: null,
            priority: 0,
            holdout_percent: 0,
            region_ids: [],
            currency_codes: [],
            sales_channel_ids: [],
            customer_group_ids: [],
            customer_type: "any",
            min_cart_total: null,
            max_cart_total: null,
            quiet_hours_start: "09:00",
            quiet_hours_end: "20:00",
            opt_out_line: OPT_OUT,
          })
        })

        it("creates new steps and variants even when the body carries another campaign's ids", async () => {
          const [stored] = defaultCampaign.steps
          const { status, data } = await create({
            name: "Copy",
            steps: [{ ...steps[0], id: stored.id, variants: [{ ...steps[0].variants[0], id: stored.variants[0].id }] }],
          })

          expect(status).toBe(200)
          expect(data.campaign.steps[0].id).not.toBe(stored.id)
          expect(data.campaign.steps[0].variants[0].id).not.toBe(stored.variants[0].id)
          expect(data.campaign.steps[0]).toMatchObject({ position: 1, delay_minutes: 60 })
          expect((await get(`/admin/sms-recovery/campaigns/${defaultCampaign.id}`)).data.campaign).toEqual(defaultCampaign)
        })

        it("lists campaigns in the order carts try them: highest priority first, then oldest first", async () => {
          const made: Record<string, string> = {}
          for (const [name, priority] of [["High", 5], ["Low", -1], ["High too", 5], ["Zero", 0]] as const) {
            const { data } = await create({ name, priority, steps: [steps[0]] })
            made[name] = data.campaign.id
          }

          const campaigns = await list()

          expect(campaigns.map((c) => [c.name, c.priority])).toEqual([
            ["High", 5],
            ["High too", 5],
            ["Abandoned cart", 0],
            ["Zero", 0],
            ["Low", -1],
          ])
          expect(campaigns[0].id).toBe(made.High)
        })
      })

      describe("bad input: a 400 naming the field, and nothing written", () => {
        it("refuses every bad field of a new campaign", async () => {
          const groupId = await customerGroup("Wholesale")
          const valid = { name: "Valid", steps: [steps[0]] }
          const cases: [object, RegExp][] = [
            [{ steps: [steps[0]] }, /name/],
            [{ name: "No steps" }, /steps/],
            [{ ...valid, steps: [] }, /field 'steps' too small/],
            [{ ...valid, priority: 1.5 }, /priority: must be a whole number/],
            [{ ...valid, priority: "high" }, /field 'priority'/],
            [{ ...valid, priority: 1001 }, /field 'priority' too big/],
            [{ ...valid, holdout_percent: 51 }, /field 'holdout_percent' too big, expected at most: '50'/],
            [{ ...valid, holdout_percent: -1 }, /field 'holdout_percent' too small, expected at least: '0'/],
            [{ ...valid, holdout_percent: 12.5 }, /holdout_percent: must be a whole number/],
            [{ ...valid, region_ids: "reg_1" }, /field 'region_ids'/],
            [{ ...valid, region_ids: [store.regionId, "reg_missing"] }, /region_ids\.1: "reg_missing" is not a region/],
            [{ ...valid, currency_codes: ["dollars"] }, /currency_codes\.0: must be a 3-letter ISO 4217 currency code/],
            [{ ...valid, currency_codes: ["usd", "ZZZ"] }, /currency_codes\.1: "zzz" is not a known ISO 4217 currency/],
            [{ ...valid, sales_channel_ids: ["sc_missing"] }, /sales_channel_ids\.0: "sc_missing" is not a sales channel/],
            [{ ...valid, customer_group_ids: [groupId, "cusgroup_missing"] }, /customer_group_ids\.1: "cusgroup_missing" is not a customer group/],
            [{ ...valid, customer_type: "vip" }, /customer_type/],
            [{ ...valid, min_cart_total: -5 }, /field 'min_cart_total' too small/],
            [{ ...valid, max_cart_total: -5 }, /field 'max_cart_total' too small/],
            [{ ...valid, min_cart_total: 50, max_cart_total: 20 }, /max_cart_total: must be at least min_cart_total \(50\)/],
            [{ ...valid, quiet_hours_start: "21:00" }, /quiet_hours_start: must be earlier than quiet_hours_end \(20:00\)/],
            [{ ...valid, opt_out_line: "Reply END" }, /opt_out_line: must contain the word STOP/],
            [
              { ...valid, steps: [{ delay_minutes: 0, variants: [{ name: "A", template: "{{brand}}: {{coupon}} {{link}}", weight: 1 }] }] },
              /steps\.0\.variants\.0\.template: .*coupon/,
            ],
            [
              { ...valid, steps: [{ ...steps[0], delay_minutes: 90 }, { ...steps[0], delay_minutes: 30 }] },
              /steps\.1\.delay_minutes: must be greater than the previous step's delay \(90\)/,
            ],
            [{ ...valid, id: "smscmp_mine" }, /Unrecognized fields: 'id'/],
          ]
          const before = await rowCounts()
          for (const [body, message] of cases) {
            const { status, data } = await create(body)
            expect({ body, status, message: data.message }).toEqual({ body, status: 400, message: expect.stringMatching(message) })
          }
          expect(await rowCounts()).toEqual(before)
          expect((await list()).map((c) => c.id)).toEqual([defaultCampaign.id])
        })

        it("names every unknown record at once", async () => {
          const { status, data } = await create({
            name: "Ghosts",
            region_ids: ["reg_ghost"],
            sales_channel_ids: ["sc_ghost"],
            customer_group_ids: ["cusgroup_ghost"],
            steps: [steps[0]],
          })

          expect(status).toBe(400)
          expect(data.message).toBe(
            'Invalid request: region_ids.0: "reg_ghost" is not a region; sales_channel_ids.0: "sc_ghost" is not a sales channel; customer_group_ids.0: "cusgroup_ghost" is not a customer group'
          )
        })

        it("leaves no campaign, step or variant behind when a later step of the flow fails", async () => {
          const before = await rowCounts()

          const { errors } = await createThenFailWorkflow(getContainer()).run({
            input: { name: "Should not stick", holdout_percent: 10, steps } as CreateCampaignWorkflowInput,
            throwOnError: false,
          })

          expect(errors.map((e) => e.error?.message)).toEqual(['failed after creating "Should not stick" with 2 steps'])
          expect(await rowCounts()).toEqual(before)
          expect((await list()).map((c) => c.name)).toEqual(["Abandoned cart"])
        })
      })

      describe("updating the new fields", () => {
        it("takes priority, holdout and targeting, and checks them as on create", async () => {
          const url = `/admin/sms-recovery/campaigns/${defaultCampaign.id}`
          const { status, data } = await post(url, {
            priority: 3,
            holdout_percent: 50,
            currency_codes: ["EUR"],
            region_ids: [store.regionId],
            customer_type: "new",
            min_cart_total: 10,
            max_cart_total: 10,
          })
          expect(status).toBe(200)
          expect(data.campaign).toMatchObject({
            priority: 3,
            holdout_percent: 50,
            currency_codes: ["eur"],
            region_ids: [store.regionId],
            customer_type: "new",
            min_cart_total: 10,
            max_cart_total: 10,
          })

          const cases: [object, RegExp][] = [
            [{ max_cart_total: 9.99 }, /max_cart_total: must be at least min_cart_total \(10\)/],
            [{ min_cart_total: 11 }, /min_cart_total: must be at most max_cart_total \(10\)/],
            [{ region_ids: ["reg_gone"] }, /region_ids\.0: "reg_gone" is not a region/],
            [{ holdout_percent: 60 }, /field 'holdout_percent' too big/],
          ]
          for (const [body, message] of cases) {
            const refused = await post(url, body)
            expect({ body, status: refused.status, message: refused.data.message }).toEqual({
              body,
              status: 400,
              message: expect.stringMatching(message),
            })
          }
          expect((await get(url)).data.campaign).toEqual(data.campaign)

          const cleared = await post(url, { max_cart_total: null, region_ids: [], currency_codes: [] })
          expect(cleared.data.campaign).toMatchObject({ max_cart_total: null, region_ids: [], currency_codes: [] })
        })
      })

      describe("deleting", () => {
        const scheduleReminders = async (campaignId: string, count: number) =>
          service.createRecoveries(
            Array.from({ length: count }, (_, i) => ({
              cart_id: `cart_pending_${i}`,
              campaign_id: campaignId,
              status: "active",
              last_activity_at: new Date(),
              next_send_at: new Date(Date.now() + 3_600_000),
            })) as never
          )

        it("deletes a campaign without reminders scheduled, with its steps and variants, and forgets its cache", async () => {
          const { data } = await create({ name: "Short-lived", enabled: true, steps })
          const id: string = data.campaign.id
          // A finished recovery does not hold the campaign back.
          await service.createRecoveries([
            { cart_id: "cart_done", campaign_id: id, status: "recovered", last_activity_at: new Date(), next_send_at: null },
          ] as never)
          expect(await service.getCampaignWithSteps(id)).not.toBeNull()

          const { status, data: deleted } = await remove(`/admin/sms-recovery/campaigns/${id}`)

          expect({ status, data: deleted }).toEqual({ status: 200, data: { id, object: "sms_campaign", deleted: true } })
          expect((await list()).map((c) => c.id)).toEqual([defaultCampaign.id])
          const gone = await get(`/admin/sms-recovery/campaigns/${id}`)
          expect({ status: gone.status, message: gone.data.message }).toEqual({
            status: 404,
            message: `SMS campaign with id "${id}" was not found`,
          })
          expect(await service.getCampaignWithSteps(id)).toBeNull()
          // Soft-deleted: the rows stay for the stats of what it sent, out of every listing.
          const stepIds = data.campaign.steps.map((s: { id: string }) => s.id)
          expect(await service.listCampaignSteps({ id: stepIds })).toEqual([])
          const kept = await service.listCampaignSteps({ id: stepIds }, { withDeleted: true })
          expect(kept.map((s) => s.deleted_at)).toEqual([expect.any(Date), expect.any(Date)])
          expect(await service.listStepVariants({ step_id: stepIds })).toEqual([])
          const [recovery] = await service.listRecoveries({ cart_id: "cart_done" })
          expect(recovery.campaign_id).toBe(id)
        })

        it("refuses (409) while carts have reminders scheduled, saying how many, and deletes nothing", async () => {
          const { data } = await create({ name: "Busy", steps })
          const id: string = data.campaign.id
          await scheduleReminders(id, 3)
          const before = await rowCounts()

          const { status, data: refused } = await remove(`/admin/sms-recovery/campaigns/${id}`)

          expect({ status, message: refused.message }).toEqual({
            status: 409,
            message:
              'SMS campaign "Busy" has 3 carts with a reminder scheduled; switch it off and wait until none is left before deleting it',
          })
          expect(await rowCounts()).toEqual(before)
          expect((await get(`/admin/sms-recovery/campaigns/${id}`)).data.campaign).toEqual(data.campaign)
        })

        it("refuses (409) to delete the last campaign, and allows the default one while another remains", async () => {
          const { data } = await create({ name: "Successor", steps: [steps[0]] })

          const first = await remove(`/admin/sms-recovery/campaigns/${defaultCampaign.id}`)
          expect(first.status).toBe(200)

          const last = await remove(`/admin/sms-recovery/campaigns/${data.campaign.id}`)
          expect({ status: last.status, message: last.data.message }).toEqual({
            status: 409,
            message: 'SMS campaign "Successor" is the only campaign; create another before deleting it',
          })
          expect((await list()).map((c) => c.id)).toEqual([data.campaign.id])
        })

        it("answers 404 for an unknown campaign", async () => {
          const { status, data } = await remove("/admin/sms-recovery/campaigns/smscmp_missing")

          expect({ status, message: data.message }).toEqual({
            status: 404,
            message: 'SMS campaign with id "smscmp_missing" was not found',
          })
        })
      })

      it("answers 401 without an admin session, writing nothing", async () => {
        const before = await rowCounts()
        const statuses = await Promise.all(
          [
            api.post("/admin/sms-recovery/campaigns", { name: "Hijacked", steps: [steps[0]] }),
            (api as any).delete(`/admin/sms-recovery/campaigns/${defaultCampaign.id}`),
          ].map((call) => request(call).then((r) => r.status))
        )

        expect(statuses).toEqual([401, 401])
        expect(await rowCounts()).toEqual(before)
      })
    },
  })
})
