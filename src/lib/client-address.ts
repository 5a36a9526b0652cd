/**
 * The client's address as the outermost trusted proxy saw it, for per-client rate limits.
 *
 * Each proxy appends the address that connected to it to `X-Forwarded-For`, so with
 * `trustedHops` proxies in front of the server the N-th entry from the right is the address
 * the first of them saw. Entries further left were written by whoever sent the request and are
 * ignored: a client that forges them still lands on its own address. With no trusted proxy the
 * socket's remote address is the client. A header with fewer entries than trusted hops (a
 * request that skipped a proxy) gives its leftmost entry, as Express's `trust proxy` does.
 */
export function clientAddress(input: {
  /** The socket's remote address. */
  remoteAddress: string | null | undefined
  /** `X-Forwarded-For` as received (repeated headers joined by commas). */
  forwardedFor: string | string[] | null | undefined
  /** Proxies between the internet and this server that append to `X-Forwarded-For`. */
  trustedHops: number
}): string | null {
  const remote = unmapIpv4(input.remoteAddress)
  if (input.trustedHops <= 0) {
    return remote
  }
  const header = Array.isArray(input.forwardedFor) ? input.forwardedFor.join(",") : input.forwardedFor ?? ""
  const entries = header
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
  if (entries.length === 0) {
    return remote
  }
  const index = Math.max(0, entries.length - input.trustedHops)
  return unmapIpv4(entries[index])
}

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) is `203.0.113.7`. */
function unmapIpv4(address: string | null | undefined): string | null {
  if (!address) {
    return null
  }
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "")
}
