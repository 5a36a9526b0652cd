/** A text as the Sinch simulator's inbox holds it: one batch to one number. */
export type InboxBatch = { to: string[]; client_reference?: string }

/** Every text the simulator has taken since its inbox was last emptied. */
export async function simulatorInbox(url: string): Promise<InboxBatch[]> {
  const response = await fetch(`${url}/_sim/inbox`)
  if (!response.ok) {
    throw new Error(`The Sinch simulator's inbox answered ${response.status}`)
  }
  return (await response.json()) as InboxBatch[]
}

export async function emptySimulatorInbox(url: string): Promise<void> {
  const response = await fetch(`${url}/_sim/inbox`, { method: "DELETE" })
  if (!response.ok) {
    throw new Error(`The Sinch simulator's reset answered ${response.status}`)
  }
}

/** Texts beyond the first with the same key: the same text (or the same number) texted again. */
export function duplicateTexts(inbox: InboxBatch[], keyOf: (batch: InboxBatch) => unknown): number {
  return inbox.length - new Set(inbox.map(keyOf)).size
}
