import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useConsentLedger, useErasePhone } from "../hooks/api"
import { formatDateTime } from "../lib/format"

const STATUS: Record<string, { label: string; color: "green" | "orange" | "red" }> = {
  opted_in: { label: "Opted in", color: "green" },
  pending: { label: "Waiting for YES", color: "orange" },
  opted_out: { label: "Opted out", color: "red" },
}

/** A customer's SMS consent for their phone, its ledger, and the GDPR erase. */
const CustomerSmsConsentWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const phone = customer.phone || customer.addresses?.find((address) => address.phone)?.phone || null
  const ledger = useConsentLedger(phone)
  const erase = useErasePhone()
  const confirm = usePrompt()

  const eraseNumber = async () => {
    const sure = await confirm({
      title: "Erase this number from SMS cart recovery?",
      description: `${phone} will be replaced by a one-way hash in its consent, the consent ledger, recoveries and texts; the texts' bodies, the ledger's IP addresses, browsers and replies, pending Sinch callbacks and the notification records of the texts sent to it are deleted, and open reminders end. The number stays opted out, so it is never texted again. Orders, carts and the customer record are not changed.`,
      confirmText: "Erase",
      cancelText: "Cancel",
    })
    if (!sure || !phone) {
      return
    }
    erase.mutate(
      { phone },
      {
        onSuccess: ({ erased }) =>
          toast.success(`Erased from ${erased.consents} consent, ${erased.events} ledger entries, ${erased.recoveries} recoveries and ${erased.messages} texts; ${erased.notifications} notification records deleted`),
        onError: (error) => toast.error(error.message),
      }
    )
  }

  return (
    <Container className="divide-y p-0" data-testid="sms-consent-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">SMS consent</Heading>
        {ledger.data && (
          <Badge size="2xsmall" color={STATUS[ledger.data.consent.status]?.color ?? "grey"} data-testid="sms-consent-status">
            {STATUS[ledger.data.consent.status]?.label ?? ledger.data.consent.status}
          </Badge>
        )}
      </div>
      <div className="px-6 py-4">
        {!phone && <Text size="small" className="text-ui-fg-subtle">This customer has no phone number.</Text>}
        {phone && ledger.isPending && <Text size="small">Loading…</Text>}
        {ledger.isError && <Text size="small" className="text-ui-fg-error">Could not load the consent: {ledger.error.message}</Text>}
        {phone && ledger.data === null && (
          <Text size="small" className="text-ui-fg-subtle">{phone} never gave or refused SMS consent.</Text>
        )}
        {ledger.data && (
          <div className="flex flex-col gap-y-3">
            <Text size="small">
              {ledger.data.consent.erased ? "Erased number" : ledger.data.consent.phone}
              {ledger.data.consent.country ? ` · ${ledger.data.consent.country}` : ""}
            </Text>
            <ol className="flex flex-col gap-y-2" aria-label="Consent ledger" data-testid="sms-consent-ledger">
              {ledger.data.events.map((event) => (
                <li key={event.id} className="flex flex-col">
                  <Text size="small" weight="plus">
                    {event.type} · {event.channel ?? "—"}
                  </Text>
                  <Text size="xsmall" className="text-ui-fg-subtle">
                    {formatDateTime(event.occurred_at)}
                    {event.consent_text_version ? ` · text ${event.consent_text_version}` : ""}
                    {event.source_url ? ` · ${event.source_url}` : ""}
                  </Text>
                  {(event.consent_text || event.inbound_text) && (
                    <Text size="xsmall" className="text-ui-fg-subtle" style={{ fontStyle: "italic" }}>“{event.consent_text ?? event.inbound_text}”</Text>
                  )}
                </li>
              ))}
            </ol>
            {!ledger.data.consent.erased && (
              <div>
                <Button size="small" variant="danger" onClick={eraseNumber} isLoading={erase.isPending}>
                  Erase number (GDPR)
                </Button>
              </div>
            )}
          </div>
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerSmsConsentWidget
