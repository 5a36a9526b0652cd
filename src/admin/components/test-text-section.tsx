import { Button, Container, Heading, Input, Select, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useSendTestText } from "../hooks/api"
import type { Campaign } from "../lib/types"
import { Field } from "./field"

/** Texts a saved step's variant, rendered for a sample cart, to a number the admin types. */
export const TestTextSection = ({ campaign }: { campaign: Campaign }) => {
  const smsSteps = campaign.steps.filter((step) => step.channel === "sms")
  const [position, setPosition] = useState(String(smsSteps[0]?.position ?? ""))
  const step = smsSteps.find((candidate) => String(candidate.position) === position)
  const [variantId, setVariantId] = useState("")
  const [phone, setPhone] = useState("")
  const send = useSendTestText()
  const chosenVariant = step?.variants.find((variant) => variant.id === variantId) ?? step?.variants[0]

  const submit = (event: React.FormEvent) => {
    event.preventDefault()
    if (!step) {
      return
    }
    send.mutate(
      { campaign_id: campaign.id, step_position: step.position, variant_id: chosenVariant?.id, phone },
      { onSuccess: ({ test_text }) => toast.success(`Test text sent to ${test_text.to}`) }
    )
  }

  return (
    <Container className="flex flex-col gap-y-3 p-6">
      <Heading level="h2">Send a test text</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        Sends a saved step as a shopper would get it, for a sample cart. It is marked as a test: it is not counted in the
        stats, its link credits no click and its discount code is a sample.
      </Text>
      {smsSteps.length === 0 ? (
        <Text size="small">The campaign has no SMS step.</Text>
      ) : (
        <form className="grid items-end gap-3" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(180px, 1fr))" }} onSubmit={submit}>
          <Field id="test-step" label="Step">
            <Select value={position} onValueChange={(value) => { setPosition(value); setVariantId("") }}>
              <Select.Trigger id="test-step">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {smsSteps.map((candidate) => (
                  <Select.Item key={candidate.id} value={String(candidate.position)}>
                    Step {candidate.position}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </Field>
          <Field id="test-variant" label="Variant">
            <Select value={chosenVariant?.id ?? ""} onValueChange={setVariantId}>
              <Select.Trigger id="test-variant">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {step?.variants.map((variant) => (
                  <Select.Item key={variant.id} value={variant.id}>
                    {variant.name}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </Field>
          <Field id="test-phone" label="Phone number" error={send.error?.message}>
            <Input
              id="test-phone"
              type="tel"
              size="small"
              placeholder="+14155550123"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
            />
          </Field>
          <Button type="submit" size="small" variant="secondary" isLoading={send.isPending} disabled={!phone.trim()}>
            Send test text
          </Button>
        </form>
      )}
      {send.data && (
        <Text size="small" data-testid="test-text-result">
          Sent to {send.data.test_text.to}: “{send.data.test_text.text}” ({send.data.test_text.segments} segment
          {send.data.test_text.segments === 1 ? "" : "s"}, Sinch batch {send.data.test_text.batch_id})
        </Text>
      )}
    </Container>
  )
}
