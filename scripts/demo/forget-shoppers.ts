import type { INotificationModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"

export type DemoShopper = { phone: string; email: string }

type Forgotten =
  | "recoveries"
  | "texts"
  | "attributions"
  | "consents"
  | "consent_events"
  | "notifications"
  | "guest_customers"

export type ForgottenCounts = Record<Forgotten, number>

/**
 * Forgets what the plugin and Medusa remember about the demo's own made-up shoppers: their
 * carts' recoveries, reminder texts and attributions, their consents and consent ledger, the
 * notifications sent to them, and the guest customers their carts made (whose orders from
 * earlier runs would count as "ordered since the cart was left"). The plugin remembers on
 * purpose (opt-outs, one confirmation text a day, consent rate limits, the texts-per-day cap),
 * so without this a second run would tell a different story. Only for the demo: a real
 * consent ledger is never deleted.
 */
export async function forgetDemoShoppers(
  container: MedusaContainer,
  shoppers: DemoShopper[]
): Promise<ForgottenCounts> {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  // The generated delete method exists on the module but not on its public interface.
  const notifications = container.resolve<
    INotificationModuleService & { deleteNotifications(ids: string[]): Promise<void> }
  >(Modules.NOTIFICATION)
  const customerModule = container.resolve(Modules.CUSTOMER)
  const phones = shoppers.map((shopper) => shopper.phone)
  const emails = shoppers.map((shopper) => shopper.email)
  const idsOf = (rows: { id: string }[]) => rows.map((row) => row.id)

  const { data: carts } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart",
    fields: ["id"],
    filters: { email: emails },
  })
  const recoveries = idsOf(
    await smsRecovery.listRecoveries(
      { $or: [{ phone: phones }, { cart_id: idsOf(carts) }] },
      { select: ["id"] }
    )
  )
  const texts = idsOf(
    await smsRecovery.listMessages(
      { $or: [{ to: phones }, { recovery_id: recoveries }] },
      { select: ["id"] }
    )
  )
  const attributions = idsOf(
    await smsRecovery.listAttributions({ recovery_id: recoveries }, { select: ["id"] })
  )
  const consentEvents = idsOf(await smsRecovery.listConsentEvents({ phone: phones }, { select: ["id"] }))
  const consents = idsOf(await smsRecovery.listConsents({ phone: phones }, { select: ["id"] }))
  const sent = idsOf(await notifications.listNotifications({ to: phones }, { select: ["id"] }))
  const customers = idsOf(
    await customerModule.listCustomers({ email: emails, has_account: false }, { select: ["id"] })
  )

  await smsRecovery.deleteAttributions(attributions)
  await smsRecovery.deleteMessages(texts)
  await smsRecovery.deleteRecoveries(recoveries)
  await smsRecovery.deleteConsentEvents(consentEvents)
  await smsRecovery.deleteConsents(consents)
  await notifications.deleteNotifications(sent)
  await customerModule.deleteCustomers(customers)
  return {
    recoveries: recoveries.length,
    texts: texts.length,
    attributions: attributions.length,
    consents: consents.length,
    consent_events: consentEvents.length,
    notifications: sent.length,
    guest_customers: customers.length,
  }
}
