import { spawn, type ChildProcess } from "node:child_process"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"
import { CART_TOKEN_TTL_MS, signCartToken } from "../../src/lib/cart-token"
import { checkoutConsentText } from "../../src/lib/checkout-consent-text"
import { smsRecoveryService } from "../helpers/recovery"
import { createPromotion, createRecoveryText } from "../helpers/reporting"
import { useSinchSimulator } from "../helpers/sinch"
import { completeShopperCart, createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { waitFor } from "../helpers/wait"

jest.setTimeout(240_000)

/**
 * The storefront kit from the packed tarball, in a Next.js app with the starter's layout and
 * cookie, driven by Chromium the way a shopper taps a link in a messaging app: from another
 * site, in a fresh browser. `npm run test:storefront` builds both before this runs.
 */
const STOREFRONT_DIR = __dirname
const PHONE = "+14155550123"
const TERMS_URL = "https://acme.example/sms-terms"
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"

async function freePort(host = "127.0.0.1"): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Another site (another registrable host): a page whose link the shopper taps. */
async function startOtherSite(): Promise<{ server: Server; linkPage: (href: string) => string }> {
  let href = "about:blank"
  const server = createServer((_, res) => {
    res.writeHead(200, { "content-type": "text/html" })
    res.end(`<!doctype html><p>Acme: your cart is waiting <a id="link" href="${href}">${href}</a></p>`)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.2", resolve))
  const { port } = server.address() as AddressInfo
  return {
    server,
    linkPage: (target) => {
      href = target
      return `http://127.0.0.2:${port}/`
    },
  }
}

async function startStorefront(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const next = spawn(process.execPath, [join(STOREFRONT_DIR, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    cwd: STOREFRONT_DIR,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  let output = ""
  next.stdout!.on("data", (chunk) => (output += chunk))
  next.stderr!.on("data", (chunk) => (output += chunk))
  await waitFor(async () => {
    if (next.exitCode !== null) {
      throw new Error(`next start exited: ${output}`)
    }
    return (await fetch(`http://localhost:${port}/us`).catch(() => null))?.ok ?? false
  }, { timeoutMs: 60_000, intervalMs: 250 })
  return next
}

describe("storefront kit in Chromium", () => {
  const simulator = useSinchSimulator()
  let storefrontPort: number
  let storefrontUrl: string

  beforeAll(async () => {
    storefrontPort = await freePort()
    storefrontUrl = `http://localhost:${storefrontPort}`
    // Read by the root app's medusa-config when the runner boots it.
    process.env.STOREFRONT_URL = storefrontUrl
    process.env.STORE_CORS = storefrontUrl
  })

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let next: ChildProcess | undefined
      let browser: Browser
      let otherSite: Awaited<ReturnType<typeof startOtherSite>>
      let context: BrowserContext

      beforeAll(async () => {
        // Seeded before the runner's first snapshot, so every test starts from this store.
        store = await setUpStore(api, getContainer())
        const backendUrl = (api as unknown as { defaults: { baseURL: string } }).defaults.baseURL
        next = await startStorefront(storefrontPort, {
          MEDUSA_BACKEND_URL: backendUrl,
          MEDUSA_PUBLISHABLE_KEY: store.publishableKey,
          SMS_BRAND_NAME: "Acme",
          SMS_TERMS_URL: TERMS_URL,
        })
        otherSite = await startOtherSite()
        browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        })
      })

      afterAll(async () => {
        await browser?.close()
        otherSite?.server.close()
        if (next?.pid) {
          process.kill(-next.pid, "SIGTERM")
        }
      })

      beforeEach(async () => {
        context = await browser.newContext()
      })

      afterEach(async () => {
        await context.close()
      })

      /** A recovery text for a fresh cart, with a code the link applies. */
      const textForNewCart = async (code: string) => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        await createPromotion(getContainer(), code, 10)
        const { message } = await createRecoveryText(getContainer(), { cartId, discountCode: code })
        const backendUrl = (api as unknown as { defaults: { baseURL: string } }).defaults.baseURL
        return { cartId, messageId: message.id, link: `${backendUrl}/sms/r/${message.link_code}` }
      }

      /** Opens the other site's page and taps the link on it, as in a messaging app. */
      const tapFromOtherSite = async (page: Page, link: string) => {
        await page.goto(otherSite.linkPage(link))
        await page.click("#link")
      }

      it("opens the cart with its items and code on the first load after a tap on another site", async () => {
        const { cartId, link } = await textForNewCart("SMS10-TAP")
        const page = await context.newPage()
        const documents: { url: string; cookie: Promise<string> }[] = []
        const cartPages: string[] = []
        page.on("request", (request) => {
          if (request.resourceType() === "document") {
            documents.push({ url: request.url(), cookie: request.allHeaders().then((headers) => headers.cookie ?? "") })
          }
        })
        page.on("response", async (response) => {
          if (response.request().resourceType() === "document" && new URL(response.url()).pathname === "/us/cart") {
            cartPages.push(await response.text())
          }
        })

        await tapFromOtherSite(page, link)
        await page.waitForURL((url) => url.pathname === "/us/cart")
        await page.getByTestId("promotion-code").waitFor()

        expect(await page.getByTestId("cart-item").allTextContents()).toEqual(["Linen Shirt × 1"])
        expect(await page.getByTestId("promotion-code").allTextContents()).toEqual(["SMS10-TAP"])
        // The cart page was loaded once, server-rendered with the cart: not an empty cart that
        // a reload or a client fetch filled in later.
        expect(cartPages).toHaveLength(1)
        expect(cartPages[0]).toContain("SMS10-TAP")
        expect(cartPages[0]).toContain("Linen Shirt")

        const paths = documents.map(({ url }) => `${new URL(url).host}${new URL(url).pathname}`)
        expect(paths).toEqual([
          expect.stringMatching(/^127\.0\.0\.2:\d+\/$/),
          expect.stringMatching(/^localhost:\d+\/sms\/r\/[0-9A-Za-z]{12}$/),
          expect.stringMatching(new RegExp(`^localhost:${storefrontPort}/cart/recover/[^/]+$`)),
          expect.stringMatching(new RegExp(`^localhost:${storefrontPort}/us/cart/recover/[^/]+$`)),
          `localhost:${storefrontPort}/us/cart`,
        ])
        for (const { url } of documents) {
          expect(url).not.toContain(cartId)
          expect(url).not.toContain(cartId.replace(/^cart_/, ""))
        }
        expect(new URL(documents[4].url).searchParams.get("utm_source")).toBe("sms")
        // Sent with the cart page's request, though the chain began on another site.
        expect(await documents[4].cookie).toContain(`_medusa_cart_id=${cartId}`)
        const [cookie] = (await context.cookies(storefrontUrl)).filter((c) => c.name === "_medusa_cart_id")
        expect(cookie).toMatchObject({ value: cartId, httpOnly: true, sameSite: "Strict", secure: true })
      })

      it("shows why: the same tap through a plain set-cookie-and-redirect lands on an empty cart", async () => {
        const { cartId, link } = await textForNewCart("SMS10-REDIRECT")
        const redirect = await fetch(link, { redirect: "manual" })
        const restore = new URL(redirect.headers.get("location")!)
        restore.pathname = restore.pathname.replace(/^\/cart\/recover\//, "/us/cart/recover-by-redirect/")
        const page = await context.newPage()

        await tapFromOtherSite(page, restore.toString())
        await page.waitForURL((url) => url.pathname === "/us/cart")

        await page.getByTestId("empty-cart").waitFor()
        // The cookie was stored, just not sent with the cross-site chain's last request.
        const [cookie] = await context.cookies(storefrontUrl)
        expect(cookie).toMatchObject({ name: "_medusa_cart_id", value: cartId, sameSite: "Strict" })
        await page.reload()
        expect(await page.getByTestId("promotion-code").allTextContents()).toEqual(["SMS10-REDIRECT"])
      })

      it("opens the cart without script too", async () => {
        const { link } = await textForNewCart("SMS10-NOJS")
        const noScript = await browser.newContext({ javaScriptEnabled: false })
        try {
          const page = await noScript.newPage()
          await tapFromOtherSite(page, link)
          await page.waitForURL((url) => url.pathname === "/us/cart")
          expect(await page.getByTestId("promotion-code").allTextContents()).toEqual(["SMS10-NOJS"])
        } finally {
          await noScript.close()
        }
      })

      it("lands a used, forged or expired token, or a completed cart, on a friendly note with no cart", async () => {
        const { cartId, messageId, link } = await textForNewCart("SMS10-USED")
        const redirect = await fetch(link, { redirect: "manual" })
        const location = new URL(redirect.headers.get("location")!)
        const token = decodeURIComponent(location.pathname.split("/").pop()!)
        const page = await context.newPage()

        // First use: restores the cart.
        await page.goto(`${storefrontUrl}/us/cart/recover/${encodeURIComponent(token)}`)
        await page.waitForURL((url) => url.pathname === "/us/cart")
        await context.clearCookies()

        const [id, expiry, nonce, mac] = token.split(".")
        const flipped = (mac[0] === "A" ? "B" : "A") + mac.slice(1)
        const forgedTokens = {
          used: token,
          altered: [id, expiry, nonce, flipped].join("."),
          "signed with another key": signCartToken("another-store-link-secret-0123456789", { messageId, issuedAt: new Date() }),
          "cart id": cartId,
          expired: signCartToken(smsRecoveryService(getContainer()).getOptions().linkSecret, {
            messageId,
            issuedAt: new Date(Date.now() - CART_TOKEN_TTL_MS - 1000),
          }),
        }
        for (const [kind, forged] of Object.entries(forgedTokens)) {
          const response = await page.goto(`${storefrontUrl}/us/cart/recover/${encodeURIComponent(forged)}`)
          expect({ kind, status: response!.status() }).toEqual({ kind, status: 200 })
          await expect(page.getByRole("status").textContent()).resolves.toMatch(/This cart link has expired/)
          const storeHref = await page.getByRole("link", { name: "Continue shopping" }).getAttribute("href")
          expect(storeHref).toBe("/us")
          expect(await context.cookies(storefrontUrl)).toEqual([])
        }

        await completeShopperCart(api, store, cartId)
        const again = await fetch(link, { redirect: "manual" })
        await page.goto(again.headers.get("location")!)
        await page.waitForURL((url) => url.pathname.startsWith("/us/cart/recover/"))
        await expect(page.getByRole("status").textContent()).resolves.toMatch(/already been placed/)
        expect(await context.cookies(storefrontUrl)).toEqual([])
      })

      it("records the consent with the exact text the checkbox shows", async () => {
        const { link } = await textForNewCart("SMS10-CONSENT")
        const page = await context.newPage()
        await tapFromOtherSite(page, link)
        await page.waitForURL((url) => url.pathname === "/us/cart")
        await page.getByRole("link", { name: "Go to checkout" }).click()

        const expected = checkoutConsentText({ brand: "Acme", messagesPerCart: 1, termsUrl: TERMS_URL })
        const checkbox = page.getByRole("checkbox", { name: /Text me cart reminders from Acme/ })
        await checkbox.waitFor()
        expect(await checkbox.isChecked()).toBe(false)
        expect(await page.locator("label").textContent()).toBe(expected)
        expect(await page.getByRole("link", { name: TERMS_URL }).getAttribute("href")).toBe(TERMS_URL)

        // By keyboard: focus the box and press Space.
        await checkbox.focus()
        await page.keyboard.press("Space")
        await page.getByText("Check your phone to confirm").waitFor()
        expect(await checkbox.isChecked()).toBe(true)

        const smsRecovery = smsRecoveryService(getContainer())
        const [consent] = await smsRecovery.listConsents({ phone: PHONE })
        expect(consent.status).toBe("pending")
        const events = await smsRecovery.listConsentEvents({ consent_id: consent.id })
        expect(events.map((event) => [event.type, event.channel, event.consent_text])).toEqual([
          ["requested", "checkout", expected],
        ])
        expect(events[0].source_url).toBe(`${storefrontUrl}/us/checkout`)
        const confirmation = await waitFor(() =>
          simulator().inbox().find((text) => text.to.some((to) => to.replace("+", "") === PHONE.slice(1)))
        )
        expect(confirmation.body).toMatch(/^Acme: Reply YES/)
      })
    },
  })
})
