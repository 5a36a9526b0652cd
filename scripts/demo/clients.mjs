// Small HTTP clients for the demo's story: the Medusa app's APIs and the Sinch simulator.

const POLL_TIMEOUT_MS = 15_000
const POLL_INTERVAL_MS = 300
/** How long a refused connection is retried: `medusa develop` restarts when a file changes. */
const RESTART_TIMEOUT_MS = 90_000

/**
 * JSON over HTTP with fixed headers. A non-2xx answer throws with its status and body, which
 * is what the demo prints when a step fails.
 */
export function webClient(baseUrl, headers = {}) {
  const request = async (method, path, body) => {
    const response = await fetchWhenUp(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) {
      throw new Error(`${method} ${path} → HTTP ${response.status}: ${text.slice(0, 2000)}`)
    }
    return text ? JSON.parse(text) : {}
  }
  return {
    get: (path) => request("GET", path),
    post: (path, body = {}) => request("POST", path, body),
  }
}

/**
 * `fetch`, retried while the connection is refused (the request never reached the server, so
 * retrying is safe): the app is restarting because a file changed under `medusa develop`.
 */
export async function fetchWhenUp(url, init) {
  const deadline = Date.now() + RESTART_TIMEOUT_MS
  for (;;) {
    try {
      return await fetch(url, init)
    } catch (error) {
      const code = error.cause?.code
      if (code !== "ECONNREFUSED" || Date.now() > deadline) {
        throw new Error(`${init?.method ?? "GET"} ${url} failed: ${code ?? error.message}`)
      }
      await sleep(POLL_INTERVAL_MS)
    }
  }
}

/** The simulator's control endpoints, and the texts it accepted, oldest first. */
export function simulator(baseUrl) {
  const client = webClient(baseUrl)
  const inbox = () => client.get("/_sim/inbox")
  const textsTo = async (phone) => {
    const msisdn = phone.replace(/^\+/, "")
    return (await inbox()).filter((text) => text.to.includes(msisdn))
  }
  /** Runs `action`, then waits for the next text to `phone` and resolves with it. */
  const textAfter = async (phone, action) => {
    const seen = (await textsTo(phone)).length
    await action()
    return poll(
      async () => (await textsTo(phone))[seen],
      () => `a text to ${maskPhone(phone)}`
    )
  }
  return { ...client, inbox, textsTo, textAfter }
}

/**
 * Polls `check` until it returns something truthy, and returns that; `describe` names what
 * never came.
 */
export async function poll(check, describe) {
  const deadline = Date.now() + POLL_TIMEOUT_MS
  while (Date.now() < deadline) {
    const value = await check()
    if (value) {
      return value
    }
    await sleep(POLL_INTERVAL_MS)
  }
  throw new Error(`Gave up after ${POLL_TIMEOUT_MS / 1000} s waiting for ${describe()}`)
}

/** Every digit but the last four hidden: `+*******0123`. */
export function maskPhone(phone) {
  return phone.replace(/\d(?=\d{4})/g, "*")
}

/** Medusa amounts are in major units (`49` is $49.00). */
export function money(amount, currencyCode) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode.toUpperCase() }).format(
    Number(amount)
  )
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
