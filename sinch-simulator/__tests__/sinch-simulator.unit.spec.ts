import http from "node:http"
import type { AddressInfo } from "node:net"
import { setTimeout as delay } from "node:timers/promises"
import { RequestFailedError, validateWebhookSignature } from "@sinch/sdk-client"
import { SmsCallbackWebhooks, SmsService, type Sms } from "@sinch/sms"
import { countSegments } from "../segments"
import { maskMsisdn, normalizeMsisdn } from "../msisdn"
import { startSinchSimulator, type SinchSimulator, type SinchSimulatorOptions } from "../server"

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/
const CUSTOMER = "+1 (415) 555-0123"
const CUSTOMER_DIGITS = "14155550123"
const SHOP_NUMBER = "+12025550100"
const WEBHOOK_SECRET = "SMSWebhooksSecret"

// ---------- helpers ----------

const openSimulators: SinchSimulator[] = []
const openReceivers: CallbackReceiver[] = []

afterEach(async () => {
  await Promise.all(openSimulators.splice(0).map((sim) => sim.close()))
  await Promise.all(openReceivers.splice(0).map((receiver) => receiver.close()))
})

async function simulator(options: SinchSimulatorOptions = {}): Promise<SinchSimulator> {
  const sim = await startSinchSimulator(options)
  openSimulators.push(sim)
  return sim
}

function sdkFor(sim: SinchSimulator, apiToken: string = sim.apiToken): SmsService {
  return new SmsService({
    servicePlanId: sim.servicePlanId,
    apiToken,
    smsRegion: "us",
    smsHostname: sim.url,
    logger: null,
  })
}

function sendText(sms: SmsService, body: Sms.TextRequest) {
  return sms.batches.sendTextMessage({ sendSMSRequestBody: { from: SHOP_NUMBER, ...body } })
}

interface SinchFailure {
  statusCode: number
  data: unknown
}

async function sinchFailure(call: Promise<unknown>): Promise<SinchFailure> {
  try {
    await call
  } catch (error) {
    if (error instanceof RequestFailedError) {
      return { statusCode: error.statusCode, data: error.data ? (JSON.parse(error.data) as unknown) : undefined }
    }
    throw error
  }
  throw new Error("expected the Sinch call to fail")
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  })
}

interface ReceivedCallback {
  path: string
  headers: http.IncomingHttpHeaders
  rawBody: string
}

interface CallbackReceiver {
  url: string
  received: ReceivedCallback[]
  waitFor(count: number): Promise<ReceivedCallback[]>
  close(): Promise<void>
}

/** A tiny webhook endpoint standing in for the plugin. */
async function callbackReceiver(answer: { status: number; body: unknown } = { status: 200, body: { ok: true } }) {
  const received: ReceivedCallback[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8") })
      res.writeHead(answer.status, { "content-type": "application/json" })
      res.end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const receiver: CallbackReceiver = {
    url: `http://127.0.0.1:${port}`,
    received,
    async waitFor(count) {
      const deadline = Date.now() + 3000
      while (received.length < count && Date.now() < deadline) {
        await delay(10)
      }
      return received
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  openReceivers.push(receiver)
  return receiver
}

function parsedBodies(callbacks: ReceivedCallback[]): Record<string, unknown>[] {
  return callbacks.map((callback) => JSON.parse(callback.rawBody) as Record<string, unknown>)
}

function isSignedWithSecret(callback: ReceivedCallback): boolean {
  return validateWebhookSignature(WEBHOOK_SECRET, callback.headers, callback.rawBody)
}

function apiPosts(sim: SinchSimulator) {
  return sim.requests().filter((entry) => entry.method === "POST" && entry.path.endsWith("/batches"))
}

// ---------- tests ----------

describe("segment counter", () => {
  it("counts GSM-7 single and concatenated parts", () => {
    expect(countSegments("a".repeat(160))).toEqual({ encoding: "text", units: 160, parts: 1 })
    expect(countSegments("a".repeat(161)).parts).toBe(2)
    expect(countSegments("a".repeat(306)).parts).toBe(2)
    expect(countSegments("a".repeat(307)).parts).toBe(3)
    expect(countSegments("").parts).toBe(1)
  })

  it("counts extension characters and form feed as two septets and never splits them", () => {
    expect(countSegments("^{}\\[~]|€\f")).toEqual({ encoding: "text", units: 20, parts: 1 })
    expect(countSegments("€".repeat(80)).parts).toBe(1)
    expect(countSegments("€".repeat(81)).parts).toBe(2)
    // 306 septets would fit 2 parts, but the escape pair cannot straddle the first boundary.
    expect(countSegments(`${"a".repeat(152)}€${"a".repeat(152)}`).parts).toBe(3)
  })

  it("switches to UCS-2 for any non-GSM character and counts UTF-16 code units", () => {
    expect(countSegments("é Ç ñ ü").encoding).toBe("text")
    expect(countSegments("it’s").encoding).toBe("unicode")
    expect(countSegments("á".repeat(70))).toEqual({ encoding: "unicode", units: 70, parts: 1 })
    expect(countSegments("á".repeat(71)).parts).toBe(2)
    expect(countSegments("😀".repeat(35))).toEqual({ encoding: "unicode", units: 70, parts: 1 })
    // 134 units would fit 2 parts, but the surrogate pair cannot straddle the first boundary.
    expect(countSegments(`${"a".repeat(66)}😀${"a".repeat(66)}`).parts).toBe(3)
  })
})

describe("MSISDN handling", () => {
  it("accepts + or 00 prefixes, ignores spaces, dashes and brackets, and returns digits only", () => {
    expect(normalizeMsisdn(CUSTOMER)).toBe(CUSTOMER_DIGITS)
    expect(normalizeMsisdn("0046-70 123 45 67")).toBe("46701234567")
    expect(normalizeMsisdn("[44] 7911 123456")).toBe("447911123456")
    expect(normalizeMsisdn("123456")).toBeUndefined()
    expect(normalizeMsisdn("+1234567890123456")).toBeUndefined()
    expect(normalizeMsisdn("+1415555O123")).toBeUndefined()
  })

  it("masks all but the last four digits", () => {
    expect(maskMsisdn(CUSTOMER_DIGITS)).toBe("*******0123")
    expect(maskMsisdn("+46 70 123 45 67")).toBe("*******4567")
  })
})

describe("Sinch simulator through the official SDK", () => {
  it("accepts a text batch, echoes it with a ULID id and stores it in the inbox", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)

    const batch = await sendText(sms, {
      to: [CUSTOMER],
      body: "Acme: your cart is waiting",
      client_reference: "cart_01",
      delivery_report: "none",
    })

    expect(batch.id).toMatch(ULID)
    expect(batch.to).toEqual([CUSTOMER_DIGITS])
    expect(batch.from).toBe("12025550100")
    expect(batch.type).toBe("mt_text")
    expect(batch.canceled).toBe(false)
    expect(batch.client_reference).toBe("cart_01")
    expect(batch.created_at).toBeInstanceOf(Date)
    expect(batch.expire_at!.getTime() - batch.created_at!.getTime()).toBe(3 * 24 * 60 * 60 * 1000)

    const inbox = sim.inbox()
    expect(inbox).toHaveLength(1)
    expect(inbox[0]).toMatchObject({
      id: batch.id,
      to: [CUSTOMER_DIGITS],
      body: "Acme: your cart is waiting",
      client_reference: "cart_01",
      delivery_report: "none",
      canceled: false,
    })
    expect(inbox[0].request).toEqual({
      from: SHOP_NUMBER,
      to: [CUSTOMER],
      body: "Acme: your cart is waiting",
      client_reference: "cart_01",
      delivery_report: "none",
      type: "mt_text",
    })
  })

  it("lists batches by client_reference, newest first, with working pagination", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)
    const first = await sendText(sms, { to: [CUSTOMER], body: "one", client_reference: "cart_multi" })
    await sendText(sms, { to: [CUSTOMER], body: "other", client_reference: "cart_other" })
    const second = await sendText(sms, { to: [CUSTOMER], body: "two", client_reference: "cart_multi" })
    const third = await sendText(sms, { to: [CUSTOMER], body: "three", client_reference: "cart_multi" })

    const page = await sms.batches.list({ client_reference: "cart_multi" })
    expect(page.data.map((batch) => batch.id)).toEqual([third.id, second.id, first.id])
    expect(page.data[0].created_at).toBeInstanceOf(Date)
    expect(page.hasNextPage).toBe(false)

    const firstPage = await sms.batches.list({ client_reference: "cart_multi", page_size: 2 })
    expect(firstPage.data.map((batch) => batch.id)).toEqual([third.id, second.id])
    expect(firstPage.hasNextPage).toBe(true)
    const lastPage = await firstPage.nextPage()
    expect(lastPage.data.map((batch) => batch.id)).toEqual([first.id])
    expect(lastPage.hasNextPage).toBe(false)

    const iterated: string[] = []
    for await (const batch of sms.batches.list({ client_reference: "cart_multi", page_size: 2 })) {
      iterated.push(batch.id!)
    }
    expect(iterated).toEqual([third.id, second.id, first.id])

    const none = await sms.batches.list({ client_reference: "cart_missing" })
    expect(none.data).toEqual([])
  })

  it("gets and cancels a batch, and 404s for an unknown id", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)
    const sent = await sendText(sms, { to: [CUSTOMER], body: "hello", send_at: new Date(Date.now() + 3_600_000) })

    const fetched = await sms.batches.get({ batch_id: sent.id! })
    expect(fetched).toMatchObject({ id: sent.id, body: "hello", canceled: false })

    const canceled = await sms.batches.cancel({ batch_id: sent.id! })
    expect(canceled).toMatchObject({ id: sent.id, canceled: true })
    expect((await sms.batches.get({ batch_id: sent.id! })).canceled).toBe(true)
    expect(sim.inbox()[0].canceled).toBe(true)

    const missing = await sinchFailure(sms.batches.get({ batch_id: "01HZZZZZZZZZZZZZZZZZZZZZZZ" }))
    expect(missing.statusCode).toBe(404)
    expect(missing.data).toMatchObject({ code: "not_found" })
  })

  it("dry-runs a batch with per-recipient parameters, parts and encoding without storing it", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)

    const result = await sms.batches.dryRun({
      per_recipient: true,
      number_of_recipients: 2,
      dryRunRequestBody: {
        to: [CUSTOMER, "+46701234567", "+447911123456"],
        body: "Hi ${name}, your cart: ${link}",
        parameters: {
          name: { "+14155550123": "Zoë 😀", default: "there" },
          link: { default: "x".repeat(150) },
        },
      },
    })

    expect(result.number_of_recipients).toBe(3)
    expect(result.per_recipient).toEqual([
      {
        recipient: CUSTOMER_DIGITS,
        body: `Hi Zoë 😀, your cart: ${"x".repeat(150)}`,
        encoding: "unicode",
        number_of_parts: 3,
      },
      {
        recipient: "46701234567",
        body: `Hi there, your cart: ${"x".repeat(150)}`,
        encoding: "text",
        number_of_parts: 2,
      },
    ])
    expect(result.number_of_messages).toBe(3 + 2 + 2)
    expect(sim.inbox()).toEqual([])
  })

  it("rejects invalid batches with Sinch {code,text} bodies", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)

    const badNumber = await sinchFailure(sendText(sms, { to: ["+1 555"], body: "x" }))
    expect(badNumber).toEqual({
      statusCode: 400,
      data: { code: "syntax_invalid_parameter_format", text: expect.stringContaining("to[0]") },
    })
    const noRecipients = await sinchFailure(sendText(sms, { to: [], body: "x" }))
    expect(noRecipients.statusCode).toBe(400)
    expect(noRecipients.data).toMatchObject({ code: "syntax_constraint_violation" })

    const tooMany = Array.from({ length: 1001 }, (_, index) => `+1415555${String(index).padStart(4, "0")}`)
    const tooManyFailure = await sinchFailure(sendText(sms, { to: tooMany, body: "x" }))
    expect(tooManyFailure.data).toMatchObject({ code: "syntax_constraint_violation" })

    const tooLong = await sinchFailure(sendText(sms, { to: [CUSTOMER], body: "a".repeat(2001) }))
    expect(tooLong.data).toMatchObject({ code: "syntax_constraint_violation" })
    const longestAllowed = await sendText(sms, { to: [CUSTOMER], body: "a".repeat(2000) })
    expect(longestAllowed.id).toMatch(ULID)

    const noCallback = await sinchFailure(
      sendText(sms, { to: [CUSTOMER], body: "x", delivery_report: "per_recipient" })
    )
    expect(noCallback).toEqual({ statusCode: 403, data: { code: "missing_callback_url", text: expect.any(String) } })

    expect(sim.inbox()).toHaveLength(1)
    expect(apiPosts(sim).map((entry) => entry.status)).toEqual([400, 400, 400, 400, 201, 403])
  })

  it("answers 400 for bad JSON, 415 for a non-JSON body, 401 for a bad token and 404 for another plan", async () => {
    const sim = await simulator({ servicePlanId: "plan-a", apiToken: "token-a" })
    const batchesUrl = `${sim.url}/xms/v1/plan-a/batches`
    const auth = { authorization: "Bearer token-a" }

    const badJson = await postJson(batchesUrl, "{not json", auth)
    expect(badJson.status).toBe(400)
    expect(await badJson.json()).toMatchObject({ code: "syntax_invalid_json" })

    const notJson = await fetch(batchesUrl, {
      method: "POST",
      headers: { ...auth, "content-type": "text/plain" },
      body: "{}",
    })
    expect(notJson.status).toBe(415)
    await notJson.arrayBuffer()

    const noToken = await postJson(batchesUrl, { to: [CUSTOMER], body: "x" })
    expect(noToken.status).toBe(401)
    expect(await noToken.json()).toMatchObject({ code: "unauthorized" })

    const badToken = await sinchFailure(sendText(sdkFor(sim, "wrong-token"), { to: [CUSTOMER], body: "x" }))
    expect(badToken.statusCode).toBe(401)

    const otherPlan = await postJson(`${sim.url}/xms/v1/plan-b/batches`, { to: [CUSTOMER], body: "x" }, auth)
    expect(otherPlan.status).toBe(404)
    expect(await otherPlan.json()).toMatchObject({ code: "not_found" })

    expect(sim.inbox()).toEqual([])
  })
})

describe("faults", () => {
  it("answers a 429 once, without creating the batch, then accepts the retry", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)
    sim.injectFault({ status: 429 })

    const throttled = await sinchFailure(sendText(sms, { to: [CUSTOMER], body: "x", client_reference: "cart_429" }))
    expect(throttled).toEqual({ statusCode: 429, data: { code: "too_many_requests", text: "Too Many Requests" } })
    expect(sim.inbox()).toHaveLength(0)

    const retried = await sendText(sms, { to: [CUSTOMER], body: "x", client_reference: "cart_429" })
    expect(sim.inbox().map((batch) => batch.id)).toEqual([retried.id])
    expect(apiPosts(sim).map((entry) => entry.status)).toEqual([429, 201])
  })

  it("applies faults FIFO to matching operations, honouring times and custom bodies", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)
    sim.injectFault({ status: 500, body: { code: "boom", text: "list broke" }, on: "list" })
    sim.injectFault({ status: 503, times: 2, on: "any" })
    sim.injectFault({ status: 502 })

    expect((await sinchFailure(sendText(sms, { to: [CUSTOMER], body: "x" }))).statusCode).toBe(503)
    const listFailure = await sinchFailure(sms.batches.list({}))
    expect(listFailure).toEqual({ statusCode: 500, data: { code: "boom", text: "list broke" } })
    expect((await sinchFailure(sms.batches.get({ batch_id: "whatever" }))).statusCode).toBe(503)
    expect((await sinchFailure(sendText(sms, { to: [CUSTOMER], body: "x" }))).statusCode).toBe(502)
    const accepted = await sendText(sms, { to: [CUSTOMER], body: "x" })
    expect(accepted.id).toMatch(ULID)
    expect(sim.inbox()).toHaveLength(1)
  })

  it("can fail a send after storing the batch (acceptBatch)", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)
    sim.injectFault({ status: 500, acceptBatch: true })

    const failure = await sinchFailure(sendText(sms, { to: [CUSTOMER], body: "x", client_reference: "cart_500" }))
    expect(failure.statusCode).toBe(500)
    const found = await sms.batches.list({ client_reference: "cart_500" })
    expect(found.data).toHaveLength(1)
  })

  it("delays a request by latencyMs and then handles it normally", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)
    sim.injectFault({ latencyMs: 150 })

    const startedAt = Date.now()
    const batch = await sendText(sms, { to: [CUSTOMER], body: "slow" })
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140)
    expect(batch.id).toMatch(ULID)

    const fastStart = Date.now()
    await sendText(sms, { to: [CUSTOMER], body: "fast" })
    expect(Date.now() - fastStart).toBeLessThan(140)
  })

  it("answers every request after the latency it was started with, a clear included", async () => {
    const sim = await simulator({ latencyMs: 120 })
    const sms = sdkFor(sim)
    for (const body of ["first", "second"]) {
      const startedAt = Date.now()
      await sendText(sms, { to: [CUSTOMER], body })
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(110)
      sim.clear()
    }
  })

  it("accepts then hangs: the client times out, yet list by client_reference finds exactly one batch", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)
    sim.injectFault({ acceptThenHang: true })

    const pending = sendText(sms, { to: [CUSTOMER], body: "x", client_reference: "cart_hang" })
    // close() destroys the hanging socket, which rejects the SDK call; that is expected here.
    pending.catch(() => undefined)
    const outcome = await Promise.race([pending.then(() => "answered"), delay(200).then(() => "timed out")])
    expect(outcome).toBe("timed out")

    const found = await sms.batches.list({ client_reference: "cart_hang" })
    expect(found.data).toHaveLength(1)
    expect(found.data[0].to).toEqual([CUSTOMER_DIGITS])
    expect(apiPosts(sim)).toEqual([
      { method: "POST", path: `/xms/v1/${sim.servicePlanId}/batches`, query: "", status: null },
    ])
  })

  it("answers a hung request after hangMs", async () => {
    const sim = await simulator()
    const sms = sdkFor(sim)
    sim.injectFault({ acceptThenHang: true, hangMs: 150 })

    const pending = sendText(sms, { to: [CUSTOMER], body: "x" })
    const early = await Promise.race([pending.then(() => "answered"), delay(50).then(() => "waiting")])
    expect(early).toBe("waiting")
    const batch = await pending
    expect(sim.inbox().map((stored) => stored.id)).toEqual([batch.id])
    expect(apiPosts(sim)[0].status).toBe(201)
  })

  it("rejects malformed faults", async () => {
    const sim = await simulator()
    expect(() => sim.injectFault({ status: 429, times: 0 })).toThrow(/times/)
    expect(() => sim.injectFault({ latencyMs: -1 })).toThrow(/latencyMs/)
  })
})

describe("callbacks", () => {
  it("signs delivery reports so the SDK's validateWebhookSignature accepts them", async () => {
    const sim = await simulator({ callbackSecret: WEBHOOK_SECRET })
    const receiver = await callbackReceiver({ status: 200, body: { received: true } })
    const batch = await sendText(sdkFor(sim), { to: [CUSTOMER], body: "x", client_reference: "cart_dr" })

    const result = await sim.sendDeliveryReport(`${receiver.url}/hooks/sinch?t=secret-token`, {
      batchId: batch.id!,
      recipient: "+14155550123",
      status: "Delivered",
      code: 0,
    })

    expect(result).toEqual({ status: 200, body: { received: true } })
    const [callback] = receiver.received
    expect(callback.path).toBe("/hooks/sinch?t=secret-token")
    expect(callback.headers["content-type"]).toBe("application/json")
    expect(callback.headers["x-sinch-webhook-signature-algorithm"]).toBe("HmacSHA256")
    expect(Number(callback.headers["x-sinch-webhook-signature-timestamp"])).toBeCloseTo(Date.now() / 1000, -1)
    expect(validateWebhookSignature(WEBHOOK_SECRET, callback.headers, callback.rawBody)).toBe(true)
    expect(validateWebhookSignature("another-secret", callback.headers, callback.rawBody)).toBe(false)
    const tamperedBody = callback.rawBody.replace("0123", "0124")
    expect(validateWebhookSignature(WEBHOOK_SECRET, callback.headers, tamperedBody)).toBe(false)

    const webhooks = new SmsCallbackWebhooks(WEBHOOK_SECRET)
    expect(webhooks.validateAuthenticationHeader(callback.headers, callback.rawBody)).toBe(true)
    const event = webhooks.parseEvent(callback.rawBody)
    expect(event).toMatchObject({
      type: "recipient_delivery_report_sms",
      batch_id: batch.id,
      recipient: CUSTOMER_DIGITS,
      status: "Delivered",
      code: 0,
      client_reference: "cart_dr",
    })
    expect("at" in event && event.at).toBeInstanceOf(Date)
  })

  it("posts signed mo_text inbound messages with numbers without +", async () => {
    const sim = await simulator({ callbackSecret: WEBHOOK_SECRET })
    const receiver = await callbackReceiver()

    const result = await sim.sendInbound(receiver.url, { from: CUSTOMER, to: SHOP_NUMBER, body: "STOP" })

    expect(result.status).toBe(200)
    const [callback] = receiver.received
    expect(validateWebhookSignature(WEBHOOK_SECRET, callback.headers, callback.rawBody)).toBe(true)
    const body = JSON.parse(callback.rawBody) as Record<string, unknown>
    expect(body).toEqual({
      type: "mo_text",
      id: expect.stringMatching(ULID),
      from: CUSTOMER_DIGITS,
      to: "12025550100",
      body: "STOP",
      received_at: expect.any(String),
    })
    expect(Date.now() - Date.parse(body.received_at as string)).toBeLessThan(5000)
  })

  it("sends no signature headers without a secret and reports the receiver's error status", async () => {
    const sim = await simulator()
    const receiver = await callbackReceiver({ status: 401, body: { error: "bad signature" } })

    const result = await sim.sendInbound(receiver.url, { from: CUSTOMER, to: "12345", body: "HELP" })

    expect(result).toEqual({ status: 401, body: { error: "bad signature" } })
    const headerNames = Object.keys(receiver.received[0].headers)
    expect(headerNames.filter((name) => name.startsWith("x-sinch-webhook"))).toEqual([])
  })

  it("posts automatic per-recipient delivery reports, failing recipients with unmatched parameters", async () => {
    const sim = await simulator({ callbackSecret: WEBHOOK_SECRET, autoDeliveryReports: { delayMs: 10 } })
    const receiver = await callbackReceiver()
    const sms = sdkFor(sim)

    const batch = await sendText(sms, {
      to: [CUSTOMER, "+46701234567"],
      body: "Hi ${name}",
      parameters: { name: { "+14155550123": "Ana" } },
      delivery_report: "per_recipient_final",
      callback_url: `${receiver.url}/dr`,
      client_reference: "cart_auto",
    })
    await sendText(sms, { to: [CUSTOMER], body: "no report wanted", callback_url: `${receiver.url}/dr` })

    const callbacks = await receiver.waitFor(2)
    expect(callbacks.every(isSignedWithSecret)).toBe(true)
    const reports = parsedBodies(callbacks).sort((a, b) => String(a.recipient).localeCompare(String(b.recipient)))
    expect(reports).toEqual([
      expect.objectContaining({
        type: "recipient_delivery_report_sms",
        batch_id: batch.id,
        recipient: CUSTOMER_DIGITS,
        status: "Delivered",
        code: 0,
        client_reference: "cart_auto",
      }),
      expect.objectContaining({ batch_id: batch.id, recipient: "46701234567", status: "Failed", code: 405 }),
    ])
    await delay(100)
    expect(receiver.received).toHaveLength(2)
  })

  it("posts one summary report for delivery_report=full and none for a batch canceled before sending", async () => {
    const sim = await simulator({ autoDeliveryReports: { delayMs: 100, status: "Failed" } })
    const receiver = await callbackReceiver()
    const sms = sdkFor(sim)

    const canceled = await sendText(sms, {
      to: [CUSTOMER],
      body: "x",
      delivery_report: "per_recipient",
      callback_url: `${receiver.url}/canceled`,
    })
    await sms.batches.cancel({ batch_id: canceled.id! })
    const full = await sendText(sms, {
      to: [CUSTOMER, "+46701234567"],
      body: "x",
      delivery_report: "full",
      callback_url: `${receiver.url}/full`,
    })

    const [report] = parsedBodies(await receiver.waitFor(1))
    expect(report).toEqual({
      type: "delivery_report_sms",
      batch_id: full.id,
      total_message_count: 2,
      statuses: [{ code: 402, status: "Failed", count: 2, recipients: [CUSTOMER_DIGITS, "46701234567"] }],
    })
    await delay(150)
    expect(receiver.received.map((callback) => callback.path)).toEqual(["/full"])
  })
})

describe("control endpoints", () => {
  it("exposes inbox, faults, inbound and delivery reports over HTTP without auth", async () => {
    const sim = await simulator({ callbackSecret: WEBHOOK_SECRET })
    const receiver = await callbackReceiver()
    const sms = sdkFor(sim)

    const faultResponse = await postJson(`${sim.url}/_sim/faults`, { status: 503, on: "send" })
    expect(faultResponse.status).toBe(201)
    await faultResponse.arrayBuffer()
    expect((await sinchFailure(sendText(sms, { to: [CUSTOMER], body: "x" }))).statusCode).toBe(503)

    const batch = await sendText(sms, { to: [CUSTOMER], body: "x", client_reference: "cart_ctl" })
    const inbox = (await (await fetch(`${sim.url}/_sim/inbox`)).json()) as { id: string; to: string[] }[]
    expect(inbox.map((stored) => [stored.id, stored.to])).toEqual([[batch.id, [CUSTOMER_DIGITS]]])

    const inbound = await postJson(`${sim.url}/_sim/inbound`, {
      url: `${receiver.url}/mo`,
      from: CUSTOMER,
      to: SHOP_NUMBER,
      body: "YES",
    })
    expect(await inbound.json()).toEqual({ status: 200, body: { ok: true } })

    const report = await postJson(`${sim.url}/_sim/delivery-report`, {
      url: `${receiver.url}/dr`,
      batchId: batch.id,
      recipient: CUSTOMER,
      status: "Delivered",
      code: 0,
    })
    expect(await report.json()).toEqual({ status: 200, body: { ok: true } })

    const [mo, dr] = parsedBodies(receiver.received)
    expect(mo).toMatchObject({ type: "mo_text", from: CUSTOMER_DIGITS, body: "YES" })
    expect(dr).toMatchObject({
      type: "recipient_delivery_report_sms",
      batch_id: batch.id,
      client_reference: "cart_ctl",
    })
    expect(receiver.received.every(isSignedWithSecret)).toBe(true)

    const badFault = await postJson(`${sim.url}/_sim/faults`, { status: "soon" })
    expect(badFault.status).toBe(400)
    await badFault.arrayBuffer()
    const unreachable = await postJson(`${sim.url}/_sim/inbound`, {
      url: "http://127.0.0.1:1/x",
      from: CUSTOMER,
      to: "1",
      body: "x",
    })
    expect(unreachable.status).toBe(502)
    await unreachable.arrayBuffer()

    expect(sim.requests().every((entry) => entry.path.startsWith("/xms/"))).toBe(true)
    const cleared = await fetch(`${sim.url}/_sim/inbox`, { method: "DELETE" })
    expect(cleared.status).toBe(204)
    expect(sim.inbox()).toEqual([])
    expect(sim.requests()).toEqual([])
  })

  it("clear() also drops pending faults", async () => {
    const sim = await simulator()
    sim.injectFault({ status: 500, times: 5 })
    sim.clear()
    const batch = await sendText(sdkFor(sim), { to: [CUSTOMER], body: "x" })
    expect(batch.id).toMatch(ULID)
  })
})
