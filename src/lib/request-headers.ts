/** Headers that carry credentials: they never leave the route. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-publishable-api-key"])

/**
 * A request's headers as plain strings (repeated ones joined by `, `), without the ones that
 * carry credentials, for code that judges a request (a CAPTCHA token, a CDN's bot score)
 * but must not be handed a session.
 */
export function headersWithoutCredentials(
  headers: Record<string, string | string[] | undefined>
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name, value]) => value !== undefined && !CREDENTIAL_HEADERS.has(name.toLowerCase()))
      .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(", ") : String(value)])
  )
}
