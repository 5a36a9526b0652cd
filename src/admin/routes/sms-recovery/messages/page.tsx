import { Alert, Badge, Container, Heading, Label, Select, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { ListPagination } from "../../../components/list-pagination"
import { useMessages } from "../../../hooks/api"
import { formatDateTime, formatNumber } from "../../../lib/format"
import type { Message } from "../../../lib/types"

const PAGE_SIZE = 20
const ALL = "all"
const STATUSES = ["queued", "sent", "delivered", "failed", "undeliverable"]
const STATUS_COLORS: Record<string, "green" | "red" | "orange" | "grey" | "blue"> = {
  delivered: "green",
  sent: "blue",
  failed: "red",
  undeliverable: "red",
  queued: "orange",
}

/** Every reminder text, newest first, with its delivery and what it led to. */
const SmsRecoveryMessagesPage = () => {
  const [status, setStatus] = useState(ALL)
  const [pageIndex, setPageIndex] = useState(0)
  const query = { limit: PAGE_SIZE, offset: pageIndex * PAGE_SIZE, ...(status === ALL ? {} : { status }) }
  const { data, isPending, isError, error } = useMessages(query)

  return (
    <Container className="p-0">
      <div className="flex flex-wrap items-end justify-between gap-4 px-6 py-4">
        <div>
          <Heading level="h1">SMS recovery texts</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Numbers are masked. <Link className="text-ui-fg-interactive" to="/sms-recovery/replies">See the replies</Link>
            {" · "}
            <Link className="text-ui-fg-interactive" to="/sms-recovery">Back to the stats</Link>
          </Text>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="messages-status" size="xsmall">Status</Label>
          <Select value={status} onValueChange={(value) => { setStatus(value); setPageIndex(0) }}>
            <Select.Trigger id="messages-status" style={{ width: 176 }}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={ALL}>All statuses</Select.Item>
              {STATUSES.map((value) => (
                <Select.Item key={value} value={value}>{value}</Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      </div>
      {isPending && <Text className="px-6 pb-4">Loading texts…</Text>}
      {isError && <div className="px-6 pb-4"><Alert variant="error">Could not load the texts: {error.message}</Alert></div>}
      {data && data.messages.length === 0 && <Text className="px-6 pb-4 text-ui-fg-subtle">No texts{status === ALL ? " yet" : ` with status ${status}`}.</Text>}
      {data && data.messages.length > 0 && (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Sent</Table.HeaderCell>
                <Table.HeaderCell>To</Table.HeaderCell>
                <Table.HeaderCell>Step</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Clicks</Table.HeaderCell>
                <Table.HeaderCell>Cart / order</Table.HeaderCell>
                <Table.HeaderCell>Error</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.messages.map((message) => (
                <MessageRow key={message.id} message={message} />
              ))}
            </Table.Body>
          </Table>
          <ListPagination
            count={data.count}
            pageSize={PAGE_SIZE}
            pageIndex={pageIndex}
            onPageIndexChange={setPageIndex}
          />
        </>
      )}
    </Container>
  )
}

const MessageRow = ({ message }: { message: Message }) => (
  <Table.Row>
    <Table.Cell>{formatDateTime(message.sent_at ?? message.created_at)}</Table.Cell>
    <Table.Cell className="font-mono">{message.to}</Table.Cell>
    <Table.Cell>
      {message.step_position}
      {message.variant_name ? ` / ${message.variant_name}` : ""} · {message.channel}
    </Table.Cell>
    <Table.Cell>
      <Badge size="2xsmall" color={STATUS_COLORS[message.status] ?? "grey"}>{message.status}</Badge>
    </Table.Cell>
    <Table.Cell className="text-right tabular-nums">{formatNumber(message.clicks)}</Table.Cell>
    <Table.Cell>
      {message.attribution ? (
        <Link className="text-ui-fg-interactive" to={`/orders/${message.attribution.order_id}`}>
          Order ({message.attribution.model})
        </Link>
      ) : (
        <span className="font-mono text-ui-fg-subtle">{message.cart_id}</span>
      )}
    </Table.Cell>
    <Table.Cell className="whitespace-normal text-ui-fg-subtle">
      {message.error_code ? `${message.error_code}${message.error_message ? `: ${message.error_message}` : ""}` : "—"}
    </Table.Cell>
  </Table.Row>
)

export default SmsRecoveryMessagesPage
