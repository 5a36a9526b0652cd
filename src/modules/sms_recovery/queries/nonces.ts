import type { SqlQuery } from "./sql"

/** Remembers a nonce unless it is known; returns its row only when it was new. */
export function insertNonceQuery(id: string, nonce: string, receivedAt: Date): SqlQuery {
  const sql = `
    INSERT INTO sms_webhook_nonce (id, nonce, received_at, created_at, updated_at)
    VALUES (?, ?, ?, now(), now())
    ON CONFLICT (nonce) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id`
  return { sql, params: [id, nonce, receivedAt] }
}

export function deleteNonceQuery(nonce: string): SqlQuery {
  return { sql: `DELETE FROM sms_webhook_nonce WHERE nonce = ?`, params: [nonce] }
}

/** Deletes the nonces received before `before`. */
export function pruneNoncesQuery(before: Date): SqlQuery {
  return { sql: `DELETE FROM sms_webhook_nonce WHERE received_at < ?`, params: [before] }
}
