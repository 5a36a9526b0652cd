import { Alert, Button, Container, Heading, Input, Label, Table, Text } from "@medusajs/ui"
import { useState, type FormEvent } from "react"
import { Link } from "react-router-dom"
import { ListPagination } from "../../../components/list-pagination"
import { useReplies } from "../../../hooks/api"
import { formatDateTime } from "../../../lib/format"
import type { Reply } from "../../../lib/types"

const PAGE_SIZE = 20

/** What shoppers texted back that is not a keyword, newest first, with the cart it answers. */
const SmsRecoveryRepliesPage = () => {
  const [phoneInput, setPhoneInput] = useState("")
  const [phone, setPhone] = useState("")
  const [pageIndex, setPageIndex] = useState(0)
  const query = { limit: PAGE_SIZE, offset: pageIndex * PAGE_SIZE, ...(phone ? { phone } : {}) }
  const { data, isPending, isError, error } = useReplies(query)

  const search = (event: FormEvent) => {
    event.preventDefault()
    setPhone(phoneInput.trim())
    setPageIndex(0)
  }

  return (
    <Container className="p-0">
      <div className="flex flex-wrap items-end justify-between gap-4 px-6 py-4">
        <div>
          <Heading level="h1">SMS replies</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Texts shoppers sent back that are not STOP, START or HELP; each also appears in the
            notifications. Numbers are masked.{" "}
            <Link className="text-ui-fg-interactive" to="/sms-recovery/messages">See the texts sent</Link>
            {" · "}
            <Link className="text-ui-fg-interactive" to="/sms-recovery">Back to the stats</Link>
          </Text>
        </div>
        <form className="flex items-end gap-x-2" onSubmit={search} role="search">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="replies-phone" size="xsmall">Phone number</Label>
            <Input
              id="replies-phone"
              size="small"
              type="tel"
              placeholder="+14155550123"
              value={phoneInput}
              onChange={(event) => setPhoneInput(event.target.value)}
            />
          </div>
          <Button size="small" variant="secondary" type="submit">Find</Button>
          {phone && (
            <Button size="small" variant="transparent" type="button" onClick={() => { setPhoneInput(""); setPhone(""); setPageIndex(0) }}>
              Clear
            </Button>
          )}
        </form>
      </div>
      {isPending && <Text className="px-6 pb-4">Loading replies…</Text>}
      {isError && <div className="px-6 pb-4"><Alert variant="error">Could not load the replies: {error.message}</Alert></div>}
      {data && data.replies.length === 0 && (
        <Text className="px-6 pb-4 text-ui-fg-subtle">{phone ? "No replies from this number." : "No replies yet."}</Text>
      )}
      {data && data.replies.length > 0 && (
        <>
          <Table data-testid="sms-replies">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Received</Table.HeaderCell>
                <Table.HeaderCell>From</Table.HeaderCell>
                <Table.HeaderCell>Reply</Table.HeaderCell>
                <Table.HeaderCell>Answers</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.replies.map((reply) => (
                <ReplyRow key={reply.id} reply={reply} />
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

const ReplyRow = ({ reply }: { reply: Reply }) => (
  <Table.Row>
    <Table.Cell>{formatDateTime(reply.received_at)}</Table.Cell>
    <Table.Cell>
      <span className="font-mono">{reply.phone}</span>
      {reply.customer_id && (
        <>
          {" · "}
          <Link className="text-ui-fg-interactive" to={`/customers/${reply.customer_id}`}>Customer</Link>
        </>
      )}
    </Table.Cell>
    <Table.Cell className="whitespace-normal" style={{ maxWidth: 480 }}>{reply.body}</Table.Cell>
    <Table.Cell>
      {reply.cart_id ? (
        <span className="font-mono text-ui-fg-subtle">{reply.cart_id}</span>
      ) : (
        <span className="text-ui-fg-subtle">No reminder</span>
      )}
    </Table.Cell>
  </Table.Row>
)

export default SmsRecoveryRepliesPage
