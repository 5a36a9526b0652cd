import { Container, Copy, Heading, Input, Label, Text } from "@medusajs/ui"
import { useWebhooks } from "../hooks/api"

/** The callback URLs to paste into the Sinch dashboard, each with a copy button. */
export const WebhooksSection = () => {
  const { data, isPending, isError, error } = useWebhooks()
  return (
    <Container className="flex flex-col gap-y-3 p-6">
      <Heading level="h2">Sinch callbacks</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        In the Sinch Customer Dashboard, open SMS → Service APIs → your service plan and paste the inbound URL as
        its callback URL; delivery reports use the second URL, which the plugin sets on every text.
      </Text>
      {isPending && <Text size="small">Loading…</Text>}
      {isError && <Text size="small" className="text-ui-fg-error">Could not load the URLs: {error.message}</Text>}
      {data && (
        <>
          <UrlRow id="webhook-inbound" label="Inbound messages (STOP, HELP, YES)" url={data.webhooks.inbound_url} />
          <UrlRow id="webhook-delivery" label="Delivery reports" url={data.webhooks.delivery_url} />
          <Text size="xsmall" className="text-ui-fg-subtle">
            {data.webhooks.signature_required
              ? "Callbacks must also carry a valid Sinch signature."
              : "Callbacks are checked by the token in the URL; set sinchWebhookSecret to also require Sinch's signature."}
          </Text>
        </>
      )}
    </Container>
  )
}

const UrlRow = ({ id, label, url }: { id: string; label: string; url: string }) => (
  <div className="flex flex-col gap-y-1">
    <Label htmlFor={id} size="small" weight="plus">
      {label}
    </Label>
    <div className="flex items-center gap-x-2">
      <Input id={id} size="small" readOnly value={url} className="font-mono" />
      <Copy content={url} aria-label={`Copy the ${label.toLowerCase()} URL`} />
    </div>
  </div>
)
