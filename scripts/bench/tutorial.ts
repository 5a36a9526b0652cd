import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { updateCartsStep } from "@medusajs/medusa/core-flows"
import { performance } from "node:perf_hooks"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { webhookUrls } from "../../src/modules/sms_recovery/webhook-urls"
import { CpuProfile } from "./cpu-profile"
import { PeakRss } from "./peak-rss"
import { duplicateTexts, emptySimulatorInbox, simulatorInbox } from "./simulator-inbox"
import { otherProcessesCpuLines, OtherProcessesCpu } from "./process-cpu"

/**
 * The baseline the plugin is measured against: the abandoned-cart job of Medusa's own tutorial,
 * written here from its description (never shipped). A scheduled job lists carts last updated
 * before a threshold that have a contact and no `metadata.abandoned_notification`, 100 at a
 * time, and runs one workflow per page: the page's notifications go out through the
 * notification module in one call, then the carts are flagged in their metadata. It checks
 * no consent, quiet hours or cap, and nothing stops two runs from texting the same cart.
 * Here the contact is the shipping address's phone and the channel `sms`, so the texts go
 * through the same Sinch provider, SDK and simulator as the plugin's.
 */

const PAGE_SIZE = 100
const FLAG = "abandoned_notification"

type AbandonedCart = {
  id: string
  metadata: Record<string, unknown> | null
  phone: string
  first_name: string | null
  item: string | null
}

type Measure = { name: string; value: number; unit: string }

const sendAbandonedCartTextsStep = createStep(
  "bench-tutorial-send-abandoned-cart-texts",
  async (carts: AbandonedCart[], { container }) => {
    // The provider asks Sinch for delivery reports; they go to the store's webhook, as the plugin's do.
    const callbackUrl = webhookUrls(container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).getOptions()).delivery
    const notifications = await container.resolve(Modules.NOTIFICATION).createNotifications(
      carts.map((cart) => ({
        to: cart.phone,
        channel: "sms",
        template: "abandoned-cart",
        content: {
          text: `Acme: ${cart.first_name ?? "Hi"}, your ${cart.item ?? "cart"} is still in your cart. Reply STOP to opt out`,
        },
        data: { cart_id: cart.id },
        resource_type: "cart",
        resource_id: cart.id,
        trigger_type: "bench-tutorial-abandoned-cart",
        provider_data: { callback_url: callbackUrl },
      }))
    )
    return new StepResponse(notifications.length)
  }
)

/** One page: the texts in one call to the notification module, then the carts flagged. */
const sendAbandonedCartsPageWorkflow = createWorkflow(
  "bench-tutorial-send-abandoned-carts-page",
  (carts: WorkflowData<AbandonedCart[]>) => {
    const sent = sendAbandonedCartTextsStep(carts)
    const flagged = transform({ carts }, ({ carts }) =>
      carts.map((cart) => ({ id: cart.id, metadata: { ...cart.metadata, [FLAG]: new Date().toISOString() } }))
    )
    updateCartsStep(flagged)
    return new WorkflowResponse(sent)
  }
)

/**
 * The tutorial's job: pages of 100 by offset until the offset passes the count, one workflow
 * per page. Flagging a cart updates it, which takes it out of the `updated_at` filter, so the
 * later offsets skip carts never texted; "share of eligible carts reached" shows it.
 */
export async function runTutorialJob(container: MedusaContainer, updatedBefore: Date): Promise<number> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let sent = 0
  let count = 0
  let skip = 0
  do {
    const { data, metadata } = await query.graph({
      entity: "cart",
      fields: ["id", "email", "metadata", "shipping_address.phone", "shipping_address.first_name", "items.product_title"],
      filters: { updated_at: { $lt: updatedBefore }, email: { $ne: null }, completed_at: null },
      pagination: { skip, take: PAGE_SIZE, order: { created_at: "ASC" } },
    })
    count = metadata?.count ?? 0
    const page = data.flatMap((cart): AbandonedCart[] => {
      const phone = cart.shipping_address?.phone
      const cartMetadata = (cart.metadata ?? null) as Record<string, unknown> | null
      if (!phone || !cart.items?.length || cartMetadata?.[FLAG]) {
        return []
      }
      return [{
        id: cart.id,
        metadata: cartMetadata,
        phone,
        first_name: cart.shipping_address?.first_name ?? null,
        item: cart.items[0]?.product_title ?? null,
      }]
    })
    if (page.length) {
      const { result } = await sendAbandonedCartsPageWorkflow(container).run({ input: page })
      sent += result
    }
    skip += PAGE_SIZE
  } while (skip < count)
  return sent
}

/**
 * Runs the tutorial's job over the carts the plugin's sweep just texted (all idle, all with an
 * opted-in number) through the same provider and simulator: once alone for its speed and reach,
 * then twice at once for the duplicates. Prints its lines beside the plugin's.
 */
export async function measureTutorial(
  container: MedusaContainer,
  {
    simulatorUrl,
    pluginTextsPerSecond,
    pluginCpuMsPerText,
  }: { simulatorUrl: string; pluginTextsPerSecond: number; pluginCpuMsPerText: number }
): Promise<Measure[]> {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const updatedBefore = new Date()
  const eligible = Number(
    (
      await pg.raw(
        `SELECT count(*) AS n FROM cart c JOIN cart_address a ON a.id = c.shipping_address_id
          WHERE c.updated_at < ? AND c.email IS NOT NULL AND c.completed_at IS NULL AND c.deleted_at IS NULL
            AND a.phone IS NOT NULL AND c.metadata->>'${FLAG}' IS NULL`,
        [updatedBefore]
      )
    ).rows[0].n
  )
  console.log(`BENCH running the Medusa tutorial's abandoned-cart job over the same ${eligible} carts…`)

  await emptySimulatorInbox(simulatorUrl)
  const profiler = await CpuProfile.start(process.env.BENCH_PROFILE_TUTORIAL)
  const others = await OtherProcessesCpu.start(container)
  const rssBefore = process.memoryUsage.rss() / 2 ** 20
  const rss = new PeakRss()
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  await runTutorialJob(container, updatedBefore)
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  rss.stop()
  const othersCpu = await others.stop()
  await profiler.stop()
  const alone = await simulatorInbox(simulatorUrl)
  const cpuMsPerText = (cpu.user + cpu.system) / 1000 / alone.length
  const reached = new Set(alone.map((batch) => batch.to[0])).size
  const textsPerSecond = alone.length / seconds

  await pg.raw(`UPDATE cart SET metadata = metadata - '${FLAG}' WHERE metadata->>'${FLAG}' IS NOT NULL`)
  await emptySimulatorInbox(simulatorUrl)
  await Promise.all([runTutorialJob(container, updatedBefore), runTutorialJob(container, updatedBefore)])
  // The job's texts carry no reference of their own: a number texted twice is a duplicate.
  const duplicates = duplicateTexts(await simulatorInbox(simulatorUrl), (batch) => batch.to[0])

  return [
    report({ name: "tutorial job: texted in one run", value: round((reached / eligible) * 100, 1), unit: "% of eligible carts" }),
    report({ name: "tutorial job: duplicate texts from two runs at once", value: duplicates, unit: "texts" }),
    report({ name: "tutorial job: throughput, one run, end to end through the SDK", value: round(textsPerSecond, 1), unit: "texts/s" }),
    report({ name: "plugin/tutorial throughput ratio", value: round(pluginTextsPerSecond / textsPerSecond, 2), unit: "x" }),
    report({ name: "tutorial job: app CPU per text (user + system)", value: round(cpuMsPerText, 2), unit: "ms" }),
    ...otherProcessesCpuLines("tutorial job: ", othersCpu, alone.length).map(report),
    report({ name: "tutorial job: RSS before its run", value: round(rssBefore, 0), unit: "MiB" }),
    report({ name: "tutorial job: peak RSS during its run", value: round(rss.peakMiB, 0), unit: "MiB" }),
    // The app's CPU per text is what other work on the machine disturbs least: the ratio to read on a busy one.
    report({ name: "plugin/tutorial CPU-per-text ratio (tutorial's / plugin's)", value: round(cpuMsPerText / pluginCpuMsPerText, 2), unit: "x" }),
  ]
}

function report(measure: Measure): Measure {
  console.log(`BENCH ${measure.name}: ${measure.value} ${measure.unit}`)
  return measure
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits))
}
