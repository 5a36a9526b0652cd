import { createCartRecoveryRoute, STARTER_CART_COOKIE } from "../cart-recovery-route"

type Call = { url: string; init?: RequestInit }

/** A backend that answers the token exchange and the cart lookup as told, recording calls. */
function backend(answers: { exchange: [number, unknown]; cart?: [number, unknown] }) {
  const calls: Call[] = []
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init })
    const [status, body] = String(url).includes("/cart-token") ? answers.exchange : answers.cart ?? [500, {}]
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
  }
  return { calls, fetch: fetch as typeof globalThis.fetch }
}

const options = { backendUrl: "http://api.test/", publishableKey: "pk_test" }
const request = new Request("https://shop.test/us/cart/recover/tok.en?utm_source=sms&utm_campaign=cart_recovery&x=1")
const context = { params: Promise.resolve({ countryCode: "us", id: "tok.en" }) }

describe("createCartRecoveryRoute", () => {
  it("exchanges the token, checks the cart, sets the starter's cookie and opens the cart", async () => {
    const api = backend({ exchange: [200, { cart_id: "cart_1" }], cart: [200, { cart: { id: "cart_1", completed_at: null } }] })
    const response = await createCartRecoveryRoute({ ...options, fetch: api.fetch, secureCookie: true })(request, context)

    expect(api.calls.map(({ url }) => url)).toEqual([
      "http://api.test/store/sms-recovery/cart-token",
      "http://api.test/store/carts/cart_1?fields=id,completed_at",
    ])
    expect(api.calls[0].init).toMatchObject({
      method: "POST",
      body: JSON.stringify({ token: "tok.en" }),
      headers: { "x-publishable-api-key": "pk_test" },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("set-cookie")).toBe(
      `${STARTER_CART_COOKIE}=cart_1; Path=/; Max-Age=604800; HttpOnly; SameSite=Strict; Secure`
    )
    expect(response.headers.get("cache-control")).toBe("no-store")
    expect(response.headers.get("referrer-policy")).toBe("no-referrer")
    const html = await response.text()
    expect(html).toContain('<meta http-equiv="refresh" content="0;url=/us/cart?utm_source=sms&#38;utm_campaign=cart_recovery">')
    expect(html).toContain('location.replace("/us/cart?utm_source=sms&utm_campaign=cart_recovery")')
    expect(html).not.toContain("cart_1")
  })

  it("takes Next 14's plain params, another cookie and paths", async () => {
    const api = backend({ exchange: [200, { cart_id: "cart_1" }], cart: [200, { cart: { id: "cart_1" } }] })
    const route = createCartRecoveryRoute({
      ...options,
      fetch: api.fetch,
      cookieName: "cart",
      secureCookie: false,
      cartPath: () => "/basket",
    })
    const response = await route(new Request("https://shop.test/r/t"), { params: { token: "t" } })
    expect(response.headers.get("set-cookie")).toBe("cart=cart_1; Path=/; Max-Age=604800; HttpOnly; SameSite=Strict")
    expect(await response.text()).toContain('content="0;url=/basket"')
  })

  it.each([
    ["a refused token", { exchange: [400, { type: "not_allowed" }] }, /This cart link has expired/, 1],
    ["an exchange without a cart id", { exchange: [200, {}] }, /This cart link has expired/, 1],
    ["a cart that is gone", { exchange: [200, { cart_id: "cart_1" }], cart: [404, {}] }, /find that cart any more/, 2],
    [
      "a completed cart",
      { exchange: [200, { cart_id: "cart_1" }], cart: [200, { cart: { completed_at: "2026-12-01T00:00:00Z" } }] },
      /already been placed/,
      2,
    ],
  ] as const)("lands %s on a friendly page with a way into the store and no cookie", async (_, answers, note, calls) => {
    const api = backend(answers as Parameters<typeof backend>[0])
    const response = await createCartRecoveryRoute({ ...options, fetch: api.fetch })(request, context)
    expect(response.status).toBe(200)
    expect(response.headers.get("set-cookie")).toBeNull()
    const html = await response.text()
    expect(html).toMatch(note)
    expect(html).toContain('<a href="/us">Continue shopping</a>')
    expect(html).not.toContain("refresh")
    expect(api.calls).toHaveLength(calls)
  })

  it("does not ask the backend about an empty token", async () => {
    const api = backend({ exchange: [200, { cart_id: "cart_1" }] })
    const response = await createCartRecoveryRoute({ ...options, fetch: api.fetch })(request, {
      params: { countryCode: "us", id: "" },
    })
    expect(await response.text()).toMatch(/expired/)
    expect(api.calls).toHaveLength(0)
  })

  it("escapes what it writes into the page", async () => {
    const api = backend({ exchange: [400, {}] })
    const route = createCartRecoveryRoute({
      ...options,
      fetch: api.fetch,
      messages: { link_expired: "<b>gone</b>" },
      storePath: () => '/"><script>',
    })
    const html = await (await route(request, context)).text()
    expect(html).toContain("&#60;b&#62;gone&#60;/b&#62;")
    expect(html).toContain('href="/&#34;&#62;&#60;script&#62;"')
  })

  it("says what it needs when the backend is not configured", async () => {
    const saved = { ...process.env }
    delete process.env.MEDUSA_BACKEND_URL
    delete process.env.NEXT_PUBLIC_MEDUSA_BACKEND_URL
    delete process.env.NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY
    try {
      await expect(createCartRecoveryRoute()(request, context)).rejects.toThrow(/backend URL and publishable key/)
    } finally {
      process.env = saved
    }
  })
})
