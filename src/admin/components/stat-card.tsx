import { Container, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** One headline number with its label. */
export const StatCard = ({ label, value, detail, testId }: { label: string; value: ReactNode; detail?: ReactNode; testId?: string }) => (
  <Container className="flex flex-col gap-y-1 p-4" data-testid={testId}>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" className="tabular-nums" data-testid={testId ? `${testId}-value` : undefined}>
      {value}
    </Text>
    {detail && (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {detail}
      </Text>
    )}
  </Container>
)
