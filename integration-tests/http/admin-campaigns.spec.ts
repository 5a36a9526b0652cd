import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createStep,
  createWorkflow,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../src/modules/sms_recovery"
import {
  updateCampaignWorkflow,
  type UpdateCampaignWorkflowInput,
} from "../../src/workflows/update-campaign"
import type { CampaignDetail } from "../../src/workflows/utils/campaign-detail"
import { setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"

jest.setTimeout(180_000)

const OPT_OUT = "Reply STOP to opt out"
const STEP_1_TEMPLATE = `{{brand}}: {{first_name}}, your {{top_item}} is still in your cart: {{link}} ${OPT_OUT}`
const LINK = "http://localhost:9000/sms/r/x7Kp9qLm2Zt4"
const variant = (overrides: Record<string, unknown> = {}) => ({
  name: "A",
  template: STEP_1_TEMPLATE,
  weight: 1,
  ...overrides,
})
const step = (overrides: Record<string, unknown> = {}) => ({
  delay_minutes: 30,
  variants: [variant()],
  ...overrides,
})

// Runs the update as part of a larger flow that then fails, so its compensation has to undo it.
// The failure quotes the updated campaign, proving the update had been written.
const failAfterUpdateStep = createStep(
  "sms-test-fail-after-campaign-update",
  async (campaign: CampaignDetail) => {
    const steps = campaign.steps.map((s) => `${s.channel}:${s.variants.map((v) => v.name)}`)
    throw new Error(`failed after the update to "${campaign.name}" (${steps.join(" ")})`)
  }
)
const updateThenFailWorkflow = createWorkflow(
  "sms-test-update-campaign-then-fail",
  (input: WorkflowData<UpdateCampaignWorkflowInput>) => {
    const campaign = updateCampaignWorkflow.runAsStep({ input })
    failAfterUpdateStep(campaign)
    return new WorkflowResponse(void 0)
  }
)

type Campaign = {
  id: string
  enabled: boolean
  active_since: string | null
  updated_at: string
  opt_out_line: string
  steps: {
    id: string
    position: number
    delay_minutes: number
    variants: { id: string; name: string; template: string; weight: number; delay_minutes: number | null }[]
  }[]
  [field: string]: unknown
}

describe("admin SMS campaign API", () => {
  useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let original: Campaign

      beforeEach(async () => {
        store = await setUpStore(api, getContainer())
        const { data } = await api.get("/admin/sms-recovery/campaigns", store.adminHeaders)
        original = data.campaigns[0]
      })

      const request = <T = any>(call: Promise<{ status: number; data: T }>) =>
        call.catch((error) => error.response as { status: number; data: any })
      const get = (path: string) => request(api.get(path, store.adminHeaders))
      const post = (path: string, body: object) => request(api.post(path, body, store.adminHeaders))
      const update = (body: object) => post(`/admin/sms-recovery/campaigns/${original.id}`, body)
      const preview = (body: object) => post("/admin/sms-recovery/preview", body)
      const current = async (): Promise<Campaign> =>
        (await get(`/admin/sms-recovery/campaigns/${original.id}`)).data.campaign

      /** A 400 whose message matches, and the campaign exactly as it was (not even `updated_at` moved). */
      const expectRefused = async (body: object, message: RegExp) => {
        const { status, data } = await update(body)
        expect({ body, status, message: data.message }).toEqual({
          body,
          status: 400,
          message: expect.stringMatching(message),
        })
        expect(await current()).toEqual(original)
      }

      describe("reading", () => {
        it("lists the default campaign, disabled, with its two steps in order", async () => {
          const { status, data } = await get("/admin/sms-recovery/campaigns")

          expect(status).toBe(200)
          expect(data.campaigns).toHaveLength(1)
          expect(data.campaigns[0]).toEqual({
            id: expect.stringMatching(/^smscmp_/),
            name: "Abandoned cart",
            enabled: false,
            priority: 0,
            holdout_percent: 0,
            region_ids: [],
            currency_codes: [],
            sales_channel_ids: [],
            customer_group_ids: [],
            customer_type: "any",
            active_since: null,
            abandon_after_minutes: 30,
            max_per_phone_per_24h: 2,
            quiet_hours_start: "09:00",
            quiet_hours_end: "20:00",
            click_window_hours: 120,
            view_window_hours: 24,
            min_cart_total: null,
            max_cart_total: null,
            double_opt_in_countries: ["US"],
            opt_out_line: OPT_OUT,
            segment_prices: {},
            created_at: expect.any(String),
            updated_at: expect.any(String),
            steps: [
              {
                id: expect.stringMatching(/^smsstep_/),
                position: 1,
                delay_minutes: 0,
                channel: "sms",
                expires_after_hours: 24,
                incentive_type: null,
                incentive_value: null,
                incentive_expiry_hours: null,
                variants: [
                  { id: expect.stringMatching(/^smsvar_/), name: "A", template: STEP_1_TEMPLATE, weight: 1, delay_minutes: null },
                ],
              },
              {
                id: expect.stringMatching(/^smsstep_/),
                position: 2,
                delay_minutes: 1410,
                channel: "sms",
                expires_after_hours: 24,
                incentive_type: "percentage",
                incentive_value: 10,
                incentive_expiry_hours: 48,
                variants: [
                  {
                    id: expect.stringMatching(/^smsvar_/),
                    name: "A",
                    template: expect.stringContaining("{{discount_code}}"),
                    weight: 1,
                    delay_minutes: null,
                  },
                ],
              },
            ],
          })
        })

        it("gets one campaign by id, as the list shows it", async () => {
          const { status, data } = await get(`/admin/sms-recovery/campaigns/${original.id}`)

          expect(status).toBe(200)
          expect(data.campaign).toEqual(original)
        })

        it("answers 404 with a clear message for an unknown campaign", async () => {
          for (const call of [
            get("/admin/sms-recovery/campaigns/smscmp_missing"),
            post("/admin/sms-recovery/campaigns/smscmp_missing", { name: "Nope" }),
          ]) {
            const { status, data } = await call
            expect({ status, message: data.message }).toEqual({
              status: 404,
              message: 'SMS campaign with id "smscmp_missing" was not found',
            })
          }
        })

        it("refuses query parameters it does not know", async () => {
          const { status, data } = await get("/admin/sms-recovery/campaigns?fields=id")

          expect(status).toBe(400)
          expect(data.message).toMatch(/Unrecognized fields: 'fields'/)
        })

        it("answers 401 without an admin session", async () => {
          const calls = [
            api.get("/admin/sms-recovery/campaigns"),
            api.get(`/admin/sms-recovery/campaigns/${original.id}`),
            api.post(`/admin/sms-recovery/campaigns/${original.id}`, { name: "Hijacked" }),
            api.post("/admin/sms-recovery/preview", { template: STEP_1_TEMPLATE }),
          ]
          const statuses = await Promise.all(calls.map((call) => request(call).then((r) => r.status)))

          expect(statuses).toEqual([401, 401, 401, 401])
          expect((await current()).name).toBe("Abandoned cart")
        })
      })

      describe("updating settings", () => {
        it("updates the fields given and leaves the others", async () => {
          const changes = {
            name: "Winter carts",
            abandon_after_minutes: 45,
            max_per_phone_per_24h: 3,
            quiet_hours_start: "08:30",
            quiet_hours_end: "21:15",
            click_window_hours: 72,
            view_window_hours: 0,
            min_cart_total: 25.5,
            double_opt_in_countries: ["US", "CA", "US"],
          }

          const { status, data } = await update(changes)

          expect(status).toBe(200)
          const expected = { ...original, ...changes, double_opt_in_countries: ["US", "CA"] }
          expect(data.campaign).toEqual({ ...expected, updated_at: expect.any(String) })
          expect(await current()).toEqual(data.campaign)
        })

        it("clears the minimum cart total with null", async () => {
          await update({ min_cart_total: 40 })

          const { data } = await update({ min_cart_total: null })

          expect(data.campaign.min_cart_total).toBeNull()
        })

        it("stamps active_since when switched on, and keeps it when switched off", async () => {
          const before = Date.now()
          const { data: on } = await update({ enabled: true })
          const after = Date.now()

          const activeSince = on.campaign.active_since
          expect(on.campaign.enabled).toBe(true)
          expect(new Date(activeSince).getTime()).toBeGreaterThanOrEqual(before - 1000)
          expect(new Date(activeSince).getTime()).toBeLessThanOrEqual(after + 1000)

          const { data: again } = await update({ enabled: true, name: "Still on" })
          expect(again.campaign.active_since).toBe(activeSince)

          const { data: off } = await update({ enabled: false })
          expect(off.campaign).toMatchObject({ enabled: false, active_since: activeSince })

          const { data: back } = await update({ enabled: true })
          expect(new Date(back.campaign.active_since).getTime()).toBeGreaterThan(
            new Date(activeSince).getTime()
          )
        })

        it("takes a new opt-out line together with texts that end with it", async () => {
          const line = "Text STOP to quit"
          const { status, data } = await update({
            opt_out_line: line,
            steps: [step({ variants: [variant({ template: `{{brand}}: your cart awaits {{link}} ${line}` })] })],
          })

          expect(status).toBe(200)
          expect(data.campaign.opt_out_line).toBe(line)
        })
      })

      describe("replacing steps", () => {
        it("keeps the identity of kept steps and variants, adds new ones and removes the rest", async () => {
          const [first, second] = original.steps
          const kept = second.variants[0]

          const { status, data } = await update({
            steps: [
              {
                id: second.id,
                delay_minutes: 10,
                incentive: { type: "fixed", value: 5, expiry_hours: 72 },
                variants: [
                  { id: kept.id, name: "A", template: `Acme: {{first_name}}, $5 off: {{link}} ${OPT_OUT}`, weight: 3 },
                  { name: "B", template: `{{brand}}: come back for {{top_item}} {{link}} ${OPT_OUT}`, weight: 1 },
                ],
              },
              {
                delay_minutes: 120,
                channel: "email",
                expires_after_hours: 48,
                variants: [{ name: "Only", template: "Hi {{first_name}}, your cart: {{link}}", weight: 1 }],
              },
            ],
          })

          expect(status).toBe(200)
          const steps = data.campaign.steps
          expect(steps).toEqual([
            {
              id: second.id,
              position: 1,
              delay_minutes: 10,
              channel: "sms",
              expires_after_hours: 24,
              incentive_type: "fixed",
              incentive_value: 5,
              incentive_expiry_hours: 72,
              variants: [
                { id: kept.id, name: "A", template: `Acme: {{first_name}}, $5 off: {{link}} ${OPT_OUT}`, weight: 3, delay_minutes: null },
                { id: expect.stringMatching(/^smsvar_/), name: "B", template: expect.any(String), weight: 1, delay_minutes: null },
              ],
            },
            {
              id: expect.stringMatching(/^smsstep_/),
              position: 2,
              delay_minutes: 120,
              channel: "email",
              expires_after_hours: 48,
              incentive_type: null,
              incentive_value: null,
              incentive_expiry_hours: null,
              variants: [
                { id: expect.stringMatching(/^smsvar_/), name: "Only", template: expect.any(String), weight: 1, delay_minutes: null },
              ],
            },
          ])
          expect([first.id, second.id]).not.toContain(steps[1].id)
          expect(steps[0].variants[1].id).not.toBe(first.variants[0].id)
          expect(await current()).toEqual(data.campaign)

          // Removed rows leave the campaign but stay in the database for the stats of past messages.
          const service = getContainer().resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
          const removed = await service.listCampaignSteps({ id: [first.id] }, { withDeleted: true })
          expect(removed).toEqual([expect.objectContaining({ id: first.id, deleted_at: expect.any(Date) })])
          const removedVariants = await service.listStepVariants(
            { id: [first.variants[0].id] },
            { withDeleted: true }
          )
          expect(removedVariants).toEqual([expect.objectContaining({ deleted_at: expect.any(Date) })])
        })

        it("saves a variant's own delay, and clears it back to the step's with null", async () => {
          const [first, second] = original.steps
          const timed = {
            steps: [
              {
                id: first.id,
                delay_minutes: 30,
                variants: [
                  { id: first.variants[0].id, name: "A", template: STEP_1_TEMPLATE, weight: 1 },
                  { name: "B", template: STEP_1_TEMPLATE, weight: 1, delay_minutes: 1440 },
                ],
              },
              { id: second.id, delay_minutes: 2880, variants: second.variants },
            ],
          }
          const { status, data } = await update(timed)
          expect(status).toBe(200)
          expect(data.campaign.steps[0].variants).toEqual([
            expect.objectContaining({ id: first.variants[0].id, name: "A", delay_minutes: null }),
            expect.objectContaining({ name: "B", delay_minutes: 1440 }),
          ])
          expect(data.campaign.steps[1].variants).toEqual([expect.objectContaining({ delay_minutes: null })])
          expect(await current()).toEqual(data.campaign)

          const b = data.campaign.steps[0].variants[1]
          const cleared = await update({
            steps: [
              { ...timed.steps[0], variants: [timed.steps[0].variants[0], { ...b, delay_minutes: null }] },
              timed.steps[1],
            ],
          })
          expect(cleared.status).toBe(200)
          expect(cleared.data.campaign.steps[0].variants[1]).toEqual({ ...b, delay_minutes: null })
        })

        it("swaps two steps' positions", async () => {
          const [first, second] = original.steps
          const asInput = (s: Campaign["steps"][number], delay: number) => ({
            id: s.id,
            delay_minutes: delay,
            variants: s.variants.map(({ id, name, weight }) => ({ id, name, weight, template: STEP_1_TEMPLATE })),
          })

          const { status, data } = await update({ steps: [asInput(second, 0), asInput(first, 60)] })

          expect(status).toBe(200)
          expect(data.campaign.steps.map((s: Campaign["steps"][number]) => [s.id, s.position])).toEqual([
            [second.id, 1],
            [first.id, 2],
          ])
        })

        it("adds a step of a custom kind", async () => {
          const { status, data } = await update({
            steps: [step({ delay_minutes: 0 }), step({ delay_minutes: 90, channel: "whatsapp" })],
          })

          expect(status).toBe(200)
          expect(data.campaign.steps.map((s: { channel: string }) => s.channel)).toEqual(["sms", "whatsapp"])
        })

        it("refuses ids that are not the campaign's, writing nothing", async () => {
          const [first, second] = original.steps
          const id = original.id

          await expectRefused(
            { steps: [step({ id: "smsstep_unknown" })] },
            new RegExp(`^Invalid request: steps\\.0\\.id: campaign ${id} has no step "smsstep_unknown"$`)
          )
          await expectRefused(
            { steps: [step({ id: first.id, variants: [variant({ id: "smsvar_unknown" })] })] },
            /^Invalid request: steps\.0\.variants\.0\.id: "smsvar_unknown" is not a variant of this step$/
          )
          await expectRefused(
            { steps: [step({ id: first.id, variants: [variant({ id: second.variants[0].id })] })] },
            /steps\.0\.variants\.0\.id: "smsvar_\w+" is not a variant of this step/
          )
          await expectRefused(
            { steps: [step({ variants: [variant({ id: first.variants[0].id })] })] },
            /steps\.0\.variants\.0\.id: "smsvar_\w+" is not a variant of this step/
          )
          await expectRefused(
            { steps: [step({ id: first.id }), step({ id: first.id, delay_minutes: 60 })] },
            /steps\.1\.id: "smsstep_\w+" appears more than once/
          )
        })
      })

      describe("bad input: a 400 naming the field, and nothing written", () => {
        it("refuses bad campaign settings", async () => {
          const cases: [object, RegExp][] = [
            [{ abandon_after_minutes: 4 }, /field 'abandon_after_minutes' too small, expected at least: '5'/],
            [{ abandon_after_minutes: 10081 }, /field 'abandon_after_minutes' too big, expected at most: '10080'/],
            [{ abandon_after_minutes: 30.5 }, /abandon_after_minutes: must be a whole number/],
            [{ max_per_phone_per_24h: 0 }, /field 'max_per_phone_per_24h' too small/],
            [{ max_per_phone_per_24h: 11 }, /field 'max_per_phone_per_24h' too big/],
            [{ quiet_hours_start: "9:00" }, /quiet_hours_start: must be a 24-hour time "HH:MM"/],
            [{ quiet_hours_end: "24:00" }, /quiet_hours_end: must be a 24-hour time "HH:MM"/],
            [{ quiet_hours_start: "21:00" }, /quiet_hours_start: must be earlier than quiet_hours_end \(20:00\)/],
            [
              { quiet_hours_start: "22:00", quiet_hours_end: "06:00" },
              /quiet_hours_end: must be later than quiet_hours_start \(22:00\); the window cannot span midnight/,
            ],
            [{ quiet_hours_end: "09:00" }, /quiet_hours_end: must be later than quiet_hours_start \(09:00\)/],
            [{ click_window_hours: 0 }, /field 'click_window_hours' too small/],
            [{ click_window_hours: 721 }, /field 'click_window_hours' too big/],
            [{ view_window_hours: -1 }, /field 'view_window_hours' too small/],
            [{ view_window_hours: 169 }, /field 'view_window_hours' too big/],
            [{ min_cart_total: -1 }, /field 'min_cart_total' too small, expected at least: '0'/],
            [{ double_opt_in_countries: ["us"] }, /double_opt_in_countries\.0: must be an ISO 3166-1 alpha-2/],
            [{ double_opt_in_countries: ["US", "XX"] }, /double_opt_in_countries\.1: must be an ISO 3166-1 alpha-2/],
            [{ opt_out_line: "" }, /field 'opt_out_line' too small/],
            [{ opt_out_line: "Reply END to opt out" }, /opt_out_line: must contain the word STOP/],
            [{ opt_out_line: "Reply STOPPED" }, /opt_out_line: must contain the word STOP/],
            [{ name: "" }, /field 'name' too small/],
            [{ enabled: "yes" }, /Expected type: 'boolean' for field 'enabled'/],
            [{ surprise: true }, /Unrecognized fields: 'surprise'/],
          ]
          for (const [body, message] of cases) {
            await expectRefused(body, message)
          }
        })

        it("refuses bad steps", async () => {
          const cases: [object, RegExp][] = [
            [{ steps: [] }, /field 'steps' too small, expected at least: '1'/],
            [{ steps: Array.from({ length: 6 }, (_, i) => step({ delay_minutes: i })) }, /field 'steps' too big, expected at most: '5'/],
            [
              { steps: [step({ delay_minutes: 30 }), step({ delay_minutes: 30 })] },
              /steps\.1\.delay_minutes: must be greater than the previous step's delay \(30\)/,
            ],
            [{ steps: [step({ delay_minutes: -1 })] }, /field 'steps, 0, delay_minutes' too small/],
            [{ steps: [step({ delay_minutes: 1.5 })] }, /steps\.0\.delay_minutes: must be a whole number/],
            [{ steps: [step({ channel: "SMS" })] }, /steps\.0\.channel: must be "sms", "email" or a custom kind/],
            [{ steps: [step({ channel: "a".repeat(41) })] }, /steps\.0\.channel: must be/],
            [{ steps: [step({ expires_after_hours: 0 })] }, /field 'steps, 0, expires_after_hours' too small/],
            [{ steps: [step({ expires_after_hours: 169 })] }, /field 'steps, 0, expires_after_hours' too big/],
            [
              { steps: [step({ incentive: { type: "percentage", value: 101, expiry_hours: 48 } })] },
              /field 'steps, 0, incentive, value' too big, expected at most: '100'/,
            ],
            [
              { steps: [step({ incentive: { type: "percentage", value: 0, expiry_hours: 48 } })] },
              /field 'steps, 0, incentive, value' too small, expected at least: '1'/,
            ],
            [
              { steps: [step({ incentive: { type: "fixed", value: 0, expiry_hours: 48 } })] },
              /steps\.0\.incentive\.value: must be greater than 0/,
            ],
            [
              { steps: [step({ incentive: { type: "bogo", expiry_hours: 48 } })] },
              /steps\.0\.incentive\.type: must be "percentage", "fixed" or "free_shipping"/,
            ],
            [
              { steps: [step({ incentive: { type: "free_shipping", expiry_hours: 721 } })] },
              /field 'steps, 0, incentive, expiry_hours' too big/,
            ],
            [{ steps: [step({ variants: [] })] }, /field 'steps, 0, variants' too small/],
            [
              { steps: [step({ variants: ["A", "B", "C", "D", "E", "F"].map((name) => variant({ name })) })] },
              /field 'steps, 0, variants' too big, expected at most: '5'/,
            ],
            [{ steps: [step({ variants: [variant({ name: "" })] })] }, /field 'steps, 0, variants, 0, name' too small/],
            [{ steps: [step({ variants: [variant({ name: "N".repeat(21) })] })] }, /field 'steps, 0, variants, 0, name' too big/],
            [
              { steps: [step({ variants: [variant(), variant({ weight: 2 })] })] },
              /steps\.0\.variants\.1\.name: "A" is used by another variant of this step/,
            ],
            [{ steps: [step({ variants: [variant({ weight: 0 })] })] }, /field 'steps, 0, variants, 0, weight' too small/],
            [{ steps: [step({ variants: [variant({ weight: 101 })] })] }, /field 'steps, 0, variants, 0, weight' too big/],
            [{ steps: [step({ variants: [variant({ weight: 1.5 })] })] }, /steps\.0\.variants\.0\.weight: must be a whole number/],
            [
              { steps: [step({ variants: [variant({ delay_minutes: -1 })] })] },
              /field 'steps, 0, variants, 0, delay_minutes' too small, expected at least: '0'/,
            ],
            [
              { steps: [step({ variants: [variant({ delay_minutes: 90.5 })] })] },
              /steps\.0\.variants\.0\.delay_minutes: must be a whole number/,
            ],
            [
              { steps: [step({ variants: [variant({ delay_minutes: 43_201 })] })] },
              /field 'steps, 0, variants, 0, delay_minutes' too big, expected at most: '43200'/,
            ],
            [
              { steps: [step({ variants: [variant({ delay_minutes: "soon" })] })] },
              /steps, 0, variants, 0, delay_minutes/,
            ],
            [
              {
                steps: [
                  step({ delay_minutes: 30, variants: [variant(), variant({ name: "B", delay_minutes: 1440 })] }),
                  step({ delay_minutes: 720 }),
                ],
              },
              /steps\.1\.delay_minutes: must be greater than the previous step's longest variant delay \(1440\)/,
            ],
            [
              {
                steps: [
                  step({ delay_minutes: 30, variants: [variant(), variant({ name: "B", delay_minutes: 600 })] }),
                  step({ delay_minutes: 720, variants: [variant({ delay_minutes: 500 })] }),
                ],
              },
              /steps\.1\.variants\.0\.delay_minutes: must be greater than the previous step's longest variant delay \(600\)/,
            ],
            [
              { steps: [step({ variants: [variant({ template: `{{brand}} ${"x".repeat(1000)} ${OPT_OUT}` })] })] },
              /field 'steps, 0, variants, 0, template' too big, expected at most: '1000'/,
            ],
          ]
          for (const [body, message] of cases) {
            await expectRefused(body, message)
          }
        })

        it("lists unknown template variables by name", async () => {
          await expectRefused(
            {
              steps: [
                step({
                  variants: [variant({ template: `{{brand}}: {{firstname}}, use {{coupon}} {{firstname}} ${OPT_OUT}` })],
                }),
              ],
            },
            /^Invalid request: steps\.0\.variants\.0\.template: unknown variables: firstname, coupon$/
          )
        })

        it("refuses an SMS text without the brand or the opt-out line", async () => {
          await expectRefused(
            { steps: [step({ variants: [variant({ template: `Hi {{first_name}}: {{link}} ${OPT_OUT}` })] })] },
            /^Invalid request: steps\.0\.variants\.0\.template: must start with the brand "Acme" or \{\{brand\}\}$/
          )
          await expectRefused(
            { steps: [step({ variants: [variant({ template: "Acme: your cart {{link}}" })] })] },
            /^Invalid request: steps\.0\.variants\.0\.template: must end with "Reply STOP to opt out"$/
          )
        })

        it("refuses a template that does not parse, whatever its channel", async () => {
          await expectRefused(
            { steps: [step({ channel: "email", variants: [variant({ template: "Hi {{#if first_name}} there" })] })] },
            /steps\.0\.variants\.0\.template: Template syntax error/
          )
          await expectRefused(
            { steps: [step({ channel: "email", variants: [variant({ template: "Hi {{nickname}}" })] })] },
            /steps\.0\.variants\.0\.template: unknown variables: nickname/
          )
        })

        it("writes nothing when step 2 is bad and step 1 and the settings are fine", async () => {
          const [first] = original.steps
          await expectRefused(
            {
              name: "Renamed",
              enabled: true,
              steps: [
                step({ id: first.id, delay_minutes: 5, variants: [variant({ id: first.variants[0].id, weight: 7 })] }),
                step({ delay_minutes: 60, variants: [variant({ template: `{{brand}} {{coupon}} ${OPT_OUT}` })] }),
              ],
            },
            /^Invalid request: steps\.1\.variants\.0\.template: unknown variables: coupon$/
          )
        })

        it("names every template at fault", async () => {
          await expectRefused(
            {
              steps: [
                step({ variants: [variant({ template: "{{coupon}} hello" })] }),
                step({ delay_minutes: 60, variants: [variant(), variant({ name: "B", template: `No brand ${OPT_OUT}` })] }),
              ],
            },
            new RegExp(
              "^Invalid request: " +
                [
                  "steps\\.0\\.variants\\.0\\.template: unknown variables: coupon",
                  'steps\\.0\\.variants\\.0\\.template: must start with the brand "Acme" or \\{\\{brand\\}\\}',
                  'steps\\.0\\.variants\\.0\\.template: must end with "Reply STOP to opt out"',
                  'steps\\.1\\.variants\\.1\\.template: must start with the brand "Acme" or \\{\\{brand\\}\\}',
                ].join("; ") +
                "$"
            )
          )
        })

        it("refuses a new opt-out line the stored texts do not end with", async () => {
          await expectRefused(
            { opt_out_line: "Text STOP to quit" },
            /steps\.0\.variants\.0\.template: must end with "Text STOP to quit"; steps\.1\.variants\.0\.template: must end with "Text STOP to quit"/
          )
        })
      })

      describe("compensation", () => {
        it("restores the campaign, its steps and variants when a later step of the flow fails", async () => {
          const [first, second] = original.steps
          const { errors } = await updateThenFailWorkflow(getContainer()).run({
            input: {
              id: original.id,
              name: "Should not stick",
              enabled: true,
              min_cart_total: 12.5,
              quiet_hours_start: "10:00",
              steps: [
                {
                  id: second.id,
                  delay_minutes: 5,
                  channel: "sms",
                  expires_after_hours: 12,
                  incentive: null,
                  variants: [
                    { id: second.variants[0].id, name: "Z", template: STEP_1_TEMPLATE, weight: 9 },
                    { name: "New", template: STEP_1_TEMPLATE, weight: 1 },
                  ],
                },
                {
                  delay_minutes: 60,
                  channel: "email",
                  expires_after_hours: 24,
                  variants: [{ name: "A", template: "Hi {{first_name}}", weight: 1 }],
                },
              ],
            },
            throwOnError: false,
          })

          expect(errors.map((e) => e.error?.message)).toEqual([
            'failed after the update to "Should not stick" (sms:New,Z email:A)',
          ])
          const { updated_at, ...restored } = await current()
          const { updated_at: _, ...before } = original
          expect(restored).toEqual(before)
          expect(restored.steps.map((s) => s.id)).toEqual([first.id, second.id])

          const service = getContainer().resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
          // The added step and variant are gone for good, not merely soft-deleted.
          const steps = await service.listCampaignSteps({ campaign_id: original.id }, { withDeleted: true })
          expect(steps.map((s) => s.id).sort()).toEqual([first.id, second.id].sort())
          const variants = await service.listStepVariants(
            { step_id: [first.id, second.id] },
            { withDeleted: true }
          )
          expect(variants).toHaveLength(2)
        })
      })

      describe("pending reminders", () => {
        it("counts the campaign's carts with a reminder scheduled, which switching off would cancel", async () => {
          const service = getContainer().resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
          const soon = new Date(Date.now() + 3_600_000)
          const recovery = (cart_id: string, fields: Record<string, unknown>) => ({
            cart_id,
            campaign_id: original.id,
            last_activity_at: new Date(),
            ...fields,
          })
          await service.createRecoveries([
            recovery("cart_tracking", { status: "tracking", next_send_at: soon }),
            recovery("cart_active", { status: "active", next_send_at: soon }),
            recovery("cart_idle", { status: "active", next_send_at: null }),
            recovery("cart_recovered", { status: "recovered", next_send_at: soon }),
            { ...recovery("cart_other", { status: "active", next_send_at: soon }), campaign_id: "smscmp_other" },
          ] as never)

          const { status, data } = await get(`/admin/sms-recovery/campaigns/${original.id}/pending-reminders`)
          expect({ status, data }).toEqual({ status: 200, data: { count: 2 } })
        })
      })

      describe("preview", () => {
        it("renders a template with sample values and counts its segments", async () => {
          const { status, data } = await preview({ template: STEP_1_TEMPLATE })

          const text = `Acme: Ana, your Linen Shirt is still in your cart: ${LINK} ${OPT_OUT}`
          expect(status).toBe(200)
          expect(data).toEqual({
            text,
            encoding: "GSM-7",
            segments: 1,
            characters: text.length,
            characters_left: 160 - text.length,
            ucs2_characters: [],
            variables: {
              first_name: "Ana",
              brand: "Acme",
              link: LINK,
              item_count: "2",
              top_item: "Linen Shirt",
              cart_total: "$98.00",
              discount_code: "SMS-7KQ2PXHD",
              discount_value: "10%",
              expires_at: new Intl.DateTimeFormat("en-US", {
                month: "short",
                day: "numeric",
                timeZone: "America/New_York",
              }).format(new Date(Date.now() + 48 * 3_600_000)),
              stock_left: "3",
              low_stock_item: "Linen Shirt",
              is_returning: "yes",
              orders_count: "2",
            },
          })
        })

        it("renders urgency and history samples, and counts the segments of the rendered text", async () => {
          const template = `{{brand}}: {{#if is_returning}}Welcome back!{{/if}} {{#if stock_left}}Only {{stock_left}} {{low_stock_item}} left.{{/if}} {{link}} ${OPT_OUT}`

          const { data } = await preview({ template })
          const text = `Acme: Welcome back! Only 3 Linen Shirt left. ${LINK} ${OPT_OUT}`
          expect(data).toMatchObject({ text, characters: text.length, segments: 1 })

          const { data: plain } = await preview({ template, variables: { is_returning: "", stock_left: "" } })
          const plainText = `Acme: ${LINK} ${OPT_OUT}`
          expect(plain).toMatchObject({ text: plainText, characters: plainText.length })
        })

        it("switches to UCS-2 for an emoji and names it", async () => {
          const { data } = await preview({
            template: STEP_1_TEMPLATE,
            variables: { first_name: "Ana 😀", top_item: "Linen Shirt" },
          })

          expect(data.text).toBe(`Acme: Ana 😀, your Linen Shirt is still in your cart: ${LINK} ${OPT_OUT}`)
          // 116 UTF-16 units (the emoji is two): more than one 70-unit part holds, so two 67-unit parts.
          expect(data).toMatchObject({
            encoding: "UCS-2",
            ucs2_characters: ["😀"],
            characters: 116,
            segments: 2,
            characters_left: 67 * 2 - 116,
          })
        })

        it("counts several segments for a long text", async () => {
          const { data } = await preview({ template: `{{brand}}: ${"x".repeat(320)} ${OPT_OUT}` })

          // 6 + 320 + 22 = 348 septets: three 153-septet parts, 111 septets left in the last.
          expect(data).toMatchObject({ encoding: "GSM-7", characters: 348, segments: 3, characters_left: 111 })
        })

        it("previews a step with its incentive and the campaign's opt-out line", async () => {
          const template =
            "{{brand}}: take {{discount_value}} off with {{discount_code}} until {{expires_at}}: {{link}} Reply STOP to opt out"

          const { status, data } = await preview({ template, campaign_id: original.id, step_position: 2 })

          expect(status).toBe(200)
          expect(data.text).toMatch(
            /^Acme: take 10% off with SMS-7KQ2PXHD until [A-Z][a-z]{2} \d{1,2}: http:\/\/localhost:9000\/sms\/r\/x7Kp9qLm2Zt4 Reply STOP to opt out$/
          )

          const line = "Text STOP to quit"
          await update({
            opt_out_line: line,
            steps: [
              step({
                incentive: { type: "fixed", value: 5, expiry_hours: 24 },
                variants: [variant({ template: `{{brand}}: {{link}} ${line}` })],
              }),
              step({ delay_minutes: 60, channel: "email", variants: [variant({ template: "Hi {{first_name}}" })] }),
            ],
          })
          const refused = await preview({ template, campaign_id: original.id })
          expect(refused.status).toBe(400)
          expect(refused.data.message).toBe('Invalid request: template: must end with "Text STOP to quit"')

          const fixed = await preview({ template: `{{brand}}: {{discount_value}} off ${line}`, campaign_id: original.id, step_position: 1 })
          expect(fixed.data.text).toBe(`Acme: $5.00 off ${line}`)

          const email = await preview({ template: "Hi {{first_name}}", campaign_id: original.id, step_position: 2 })
          expect(email.status).toBe(200)
          expect(email.data.text).toBe("Hi Ana")
        })

        it("refuses a template it could not save, listing the problems", async () => {
          const { status, data } = await preview({ template: "Hi {{firstname}}, use {{coupon}}" })

          expect(status).toBe(400)
          expect(data.message).toBe(
            "Invalid request: template: unknown variables: firstname, coupon; " +
              'template: must start with the brand "Acme" or {{brand}}; ' +
              'template: must end with "Reply STOP to opt out"'
          )
        })

        it("refuses bad preview requests", async () => {
          const cases: [object, RegExp][] = [
            [{}, /Field 'template' is required/],
            [{ template: "x".repeat(1001) }, /field 'template' too big, expected at most: '1000'/],
            [{ template: STEP_1_TEMPLATE, step_position: 1 }, /step_position: needs campaign_id/],
            [{ template: STEP_1_TEMPLATE, campaign_id: original.id, step_position: 3 }, /step_position: campaign smscmp_\w+ has no step 3/],
            [{ template: STEP_1_TEMPLATE, campaign_id: "smscmp_missing" }, /campaign_id: no SMS campaign with id "smscmp_missing"/],
            [{ template: STEP_1_TEMPLATE, variables: { first_name: 7 } }, /field 'variables, first_name'/],
          ]
          for (const [body, message] of cases) {
            const { status, data } = await preview(body)
            expect({ body, status, message: data.message }).toEqual({
              body,
              status: 400,
              message: expect.stringMatching(message),
            })
          }
        })
      })
    },
  })
})
