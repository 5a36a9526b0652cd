// The story `npm run demo` tells once the app is up: an admin switches the campaign on; Ana
// opts in, leaves her cart, gets a text, taps its link and buys; Ben opts in, gets a text and
// replies STOP; the admin holds out half of the next carts, and the stats compare them with
// the texted ones. Every step goes through the HTTP APIs a storefront, an admin and Sinch use.
import { fetchWhenUp, maskPhone, money, poll, simulator, webClient } from "./clients.mjs"

const CONSENT_TEXT =
  "Yes, text me cart reminders from Acme. Up to 1 msg per abandoned cart. " +
  "Msg & data rates may apply. Reply HELP for help, STOP to opt out."
const CHECKOUT_URL = "http://localhost:8000/checkout"
/** The simulator's sender number: shoppers reply to it. */
const SENDER = "12025550100"
const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS
/** Sweeps run at a time the default quiet hours (09:00–20:00) allow, in the shoppers' zone. */
const SHOP_HOURS = { timeZone: "America/Los_Angeles", from: 10, to: 18 }

const ADDRESS = {
  address_1: "1 Market St",
  city: "San Francisco",
  province: "CA",
  postal_code: "94105",
  country_code: "us",
}

export const SHOPPERS = {
  ana: { first_name: "Ana", last_name: "Silva", email: "ana.demo@example.com", phone: "+14155550123" },
  // A UK number on a US address (the demo region is US only): the carrier rules follow the number.
  ben: { first_name: "Ben", last_name: "Carter", email: "ben.demo@example.com", phone: "+447400123456" },
}

/** Shoppers who leave their carts once the campaign holds out half of the new carts. */
export const HOLDOUT_SHOPPERS = ["Cara", "Dev", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jo"].map((first_name, index) => ({
  first_name,
  last_name: "Demo",
  email: `${first_name.toLowerCase()}.demo@example.com`,
  phone: `+44740012350${index}`,
}))

/**
 * @param {{
 *   appUrl: string,
 *   simulatorUrl: string,
 *   seeded: Record<string, string>,
 *   sweep: (options: { now: Date, idleCart?: string, idleMinutes?: number }) => Promise<object>,
 * }} context `sweep` runs a recovery sweep at `now`; with `idleCart`, that cart's shopper is
 *   first recorded as having left it `idleMinutes` before.
 */
export async function tellStory({ appUrl, simulatorUrl, seeded, sweep }) {
  const sim = simulator(simulatorUrl)
  const store = webClient(appUrl, { "x-publishable-api-key": seeded.PUBLISHABLE_KEY })
  const shop = { store, seeded }

  heading(1, "The admin switches SMS cart recovery on")
  const admin = await logIn(appUrl, seeded.ADMIN_EMAIL, seeded.ADMIN_PASSWORD)
  await switchCampaignOn(admin)

  heading(2, `Ana (${maskPhone(SHOPPERS.ana.phone)}) fills her cart and opts in to reminders`)
  const anaCart = await fillCart(shop, SHOPPERS.ana)
  const inboundUrl = await inboundWebhookUrl(admin)
  await consentWithConfirmation(store, sim, anaCart, SHOPPERS.ana, inboundUrl)

  heading(3, "Time passes: Ana has left her cart")
  const clock = await sweepAfterIdle(sweep, anaCart.id, 31)
  const reminder = await textFromSweep(sim, SHOPPERS.ana)

  heading(4, "Ana taps the link")
  await tapLink(reminder.body)

  heading(5, "Ana buys")
  const order = await checkOut(shop, anaCart.id)

  heading(6, "What the reminders earned")
  await showStats(admin, clock, order)

  heading(7, `STOP ends reminders: Ben (UK number ${maskPhone(SHOPPERS.ben.phone)}, US address)`)
  await stopEndsReminders({ shop, sim, sweep, inboundUrl })

  heading(8, "A holdout: half of the next carts get no text, to measure what the texts add")
  await measureWithHoldout({ admin, shop, sim, sweep, since: clock })

  heading(9, "Everything the simulated carrier delivered")
  await showInbox(sim)
}

async function logIn(appUrl, email, password) {
  const { token } = await webClient(appUrl).post("/auth/user/emailpass", { email, password })
  say(`Logged in as ${email} (POST /auth/user/emailpass)`)
  return webClient(appUrl, { authorization: `Bearer ${token}` })
}

async function switchCampaignOn(admin) {
  const { campaigns } = await admin.get("/admin/sms-recovery/campaigns")
  const [campaign] = campaigns
  if (!campaign) {
    throw new Error(`GET /admin/sms-recovery/campaigns returned no campaign`)
  }
  // No holdout yet, also on a re-run after step 8 set one: Ana and Ben must be texted.
  const { campaign: updated } = await admin.post(`/admin/sms-recovery/campaigns/${campaign.id}`, {
    enabled: true,
    holdout_percent: 0,
  })
  const was = campaign.enabled ? "it was already on" : "it was off"
  say(`Campaign "${updated.name}" enabled: ${updated.enabled} (${was}; ${updated.steps.length} steps)`)
}

/** A cart as a storefront makes it: created, the Linen Shirt added, the address given. */
async function fillCart({ store, seeded }, shopper, { quiet = false } = {}) {
  const { cart } = await store.post("/store/carts", {
    region_id: seeded.REGION_ID,
    email: shopper.email,
  })
  await store.post(`/store/carts/${cart.id}/line-items`, { variant_id: seeded.VARIANT_ID, quantity: 1 })
  const { first_name, last_name, phone } = shopper
  const address = { ...ADDRESS, first_name, last_name, phone }
  const { cart: filled } = await store.post(`/store/carts/${cart.id}`, {
    shipping_address: address,
    billing_address: address,
  })
  const items = filled.items.map((item) => `${item.quantity} × ${item.product_title}`).join(", ")
  const total = money(filled.total, filled.currency_code)
  if (!quiet) {
    say(`Cart ${filled.id}: ${items}, ${total}, ships to ${ADDRESS.city}, ${ADDRESS.province}`)
  }
  return filled
}

async function inboundWebhookUrl(admin) {
  const { webhooks } = await admin.get("/admin/sms-recovery/webhooks")
  const shown = webhooks.inbound_url.replace(/token=[^&]+/, "token=…")
  say(`Sinch inbound webhook (GET /admin/sms-recovery/webhooks): ${shown}`)
  return webhooks.inbound_url
}

/** US numbers confirm by text (double opt-in): pending until the shopper replies YES. */
async function consentWithConfirmation(store, sim, cart, shopper, inboundUrl) {
  const confirmation = await sim.textAfter(shopper.phone, async () => {
    const status = await giveConsent(store, cart, shopper)
    expectStatus(status, "pending")
  })
  say(`Text to ${maskPhone(shopper.phone)}: "${confirmation.body}"`)

  const welcome = await sim.textAfter(shopper.phone, () => reply(sim, inboundUrl, shopper, "YES"))
  expectStatus(await consentStatus(store, cart, shopper.phone), "opted_in")
  say(`Text to ${maskPhone(shopper.phone)}: "${welcome.body}"`)
}

async function giveConsent(store, cart, shopper, { quiet = false } = {}) {
  const { consent } = await store.post("/store/sms-recovery/consent", {
    phone: shopper.phone,
    cart_id: cart.id,
    consent_text: CONSENT_TEXT,
    source_url: CHECKOUT_URL,
  })
  if (!quiet) {
    say(`Ticks "text me cart reminders" at checkout (POST /store/sms-recovery/consent) → ${consent.status}`)
  }
  return consent.status
}

/** The shopper texts the store; the simulator posts it to the inbound webhook as Sinch would. */
async function reply(sim, inboundUrl, shopper, body) {
  const delivered = await sim.post("/_sim/inbound", {
    url: inboundUrl,
    from: shopper.phone.slice(1),
    to: SENDER,
    body,
  })
  const answer = `HTTP ${delivered.status}`
  if (delivered.status !== 200) {
    throw new Error(`The inbound webhook answered ${answer}: ${JSON.stringify(delivered.body)}`)
  }
  say(`${shopper.first_name} replies "${body}"; the simulator posts it to the webhook → ${answer}`)
}

async function consentStatus(store, cart, phone) {
  const { consent } = await store.get(
    `/store/sms-recovery/consent?phone=${encodeURIComponent(phone)}&cart_id=${encodeURIComponent(cart.id)}`
  )
  say(`Consent of ${maskPhone(phone)} (GET /store/sms-recovery/consent): ${consent.status}`)
  return consent.status
}

function expectStatus(actual, expected) {
  if (actual !== expected) {
    throw new Error(`Expected consent "${expected}", got "${actual}"`)
  }
}

/**
 * Runs the sweep at the latest shop-hours moment up to now, with the cart recorded as left
 * `idleMinutes` before it. The clock is never ahead of the real one: the click and the order
 * that follow happen now, and an order is only credited to texts sent before it.
 */
async function sweepAfterIdle(sweep, cartId, idleMinutes) {
  const now = latestShopHour(new Date())
  say(`Sweep clock: ${localTime(now)}; the cart is recorded as left ${idleMinutes} min before`)
  showSweep(await sweep({ now, idleCart: cartId, idleMinutes }))
  return now
}

function showSweep(summary) {
  const outcomes = Object.entries(summary.outcomes).map(([outcome, count]) => `${outcome}: ${count}`)
  say(`Sweep: due recoveries: ${summary.claimed}${outcomes.length ? `; ${outcomes.join(", ")}` : ""}`)
}

/** The sweep has finished when the exec script returns, so its texts are in the inbox. */
async function textFromSweep(sim, shopper) {
  const texts = await sim.textsTo(shopper.phone)
  const reminder = texts.at(-1)
  if (!reminder?.body.includes("/sms/r/")) {
    throw new Error(`The sweep sent no reminder to ${maskPhone(shopper.phone)}`)
  }
  say(`Text to ${maskPhone(shopper.phone)}: "${reminder.body}"`)
  return reminder
}

async function tapLink(body) {
  const link = body.match(/https?:\/\/\S+\/sms\/r\/\S+/)?.[0]
  if (!link) {
    throw new Error(`No recovery link in "${body}"`)
  }
  const response = await fetchWhenUp(link, { redirect: "manual" })
  if (response.status !== 302) {
    throw new Error(`GET ${link} answered HTTP ${response.status}: ${await response.text()}`)
  }
  say(`GET ${link} → ${response.status} ${response.headers.get("location")}`)
}

/** Checks the cart out as a storefront does: shipping, payment, complete. */
async function checkOut({ store, seeded }, cartId) {
  await store.post(`/store/carts/${cartId}/shipping-methods`, { option_id: seeded.SHIPPING_OPTION_ID })
  const { payment_collection: collection } = await store.post("/store/payment-collections", {
    cart_id: cartId,
  })
  await store.post(`/store/payment-collections/${collection.id}/payment-sessions`, {
    provider_id: "pp_system_default",
  })
  const completed = await store.post(`/store/carts/${cartId}/complete`)
  if (completed.type !== "order") {
    throw new Error(`Checkout did not place an order: ${JSON.stringify(completed).slice(0, 1000)}`)
  }
  const { order } = completed
  const total = money(order.total, order.currency_code)
  say(`Order #${order.display_id} placed: ${total} (POST /store/carts/:id/complete)`)
  return order
}

/** Waits for the `order.placed` subscriber to credit the order, then prints the counters. */
async function showStats(admin, since, order) {
  const from = new Date(since.getTime() - MINUTE_MS).toISOString()
  const path = `/admin/sms-recovery/stats?from=${encodeURIComponent(from)}`
  let latest
  const stats = await poll(
    async () => {
      latest = (await admin.get(path)).stats
      return latest.recovered_carts > 0 && latest
    },
    () => `order #${order.display_id} to be credited to the text (stats: ${JSON.stringify(latest)})`
  )
  say(`GET /admin/sms-recovery/stats since the sweep:`)
  say(`Texts sent: ${stats.sent}, clicks: ${stats.clicks}, recovered carts: ${stats.recovered_carts}`)
  for (const revenue of stats.recovered_revenue) {
    const amount = (value) => money(value, revenue.currency_code)
    const split = `click ${amount(revenue.click)}, view ${amount(revenue.view)}`
    say(`Recovered revenue: ${amount(revenue.total)} (${split})`)
  }
}

async function stopEndsReminders({ shop, sim, sweep, inboundUrl }) {
  const ben = SHOPPERS.ben
  const cart = await fillCart(shop, ben)
  expectStatus(await giveConsent(shop.store, cart, ben), "opted_in")

  const clock = await sweepAfterIdle(sweep, cart.id, 35)
  await textFromSweep(sim, ben)

  const goodbye = await sim.textAfter(ben.phone, () => reply(sim, inboundUrl, ben, "STOP"))
  say(`Text to ${maskPhone(ben.phone)}: "${goodbye.body}"`)
  expectStatus(await consentStatus(shop.store, cart, ben.phone), "opted_out")

  const textsBefore = (await sim.textsTo(ben.phone)).length
  const dayLater = new Date(clock.getTime() + DAY_MS)
  say(`A day later, at ${localTime(dayLater)}, his second reminder would be due`)
  showSweep(await sweep({ now: dayLater }))
  const textsAfter = (await sim.textsTo(ben.phone)).length
  if (textsAfter !== textsBefore) {
    throw new Error(`Ben got ${textsAfter - textsBefore} text(s) after STOP`)
  }
  say(`Nothing more went to ${maskPhone(ben.phone)}: ${textsAfter} texts in all (reminder, STOP confirmation)`)
}

/**
 * The admin holds out half of the new carts and prices the texts; eight more shoppers (UK
 * numbers: no double opt-in) leave their carts; the sweep texts some and records the others'
 * steps as held out; GET /experiments then puts the attributed revenue next to the incremental line.
 */
async function measureWithHoldout({ admin, shop, sim, sweep, since }) {
  const { campaigns } = await admin.get("/admin/sms-recovery/campaigns")
  const [campaign] = campaigns
  const segmentPrices = { US: "0.0079", GB: "0.04" }
  const { campaign: updated } = await admin.post(`/admin/sms-recovery/campaigns/${campaign.id}`, {
    holdout_percent: 50,
    segment_prices: segmentPrices,
  })
  say(
    `Campaign "${updated.name}": holdout ${updated.holdout_percent} % of new carts, a segment costs ` +
      `${Object.entries(updated.segment_prices).map(([country, price]) => `${price} in ${country}`).join(", ")} ` +
      `(POST /admin/sms-recovery/campaigns/:id)`
  )
  const carts = []
  for (const shopper of HOLDOUT_SHOPPERS) {
    const cart = await fillCart(shop, shopper, { quiet: true })
    expectStatus(await giveConsent(shop.store, cart, shopper, { quiet: true }), "opted_in")
    carts.push(cart)
  }
  say(`${carts.length} more shoppers (${HOLDOUT_SHOPPERS.map((shopper) => shopper.first_name).join(", ")}) opt in and leave their carts`)
  await sweepAfterIdle(sweep, carts.map((cart) => cart.id).join(","), 31)
  const texted = []
  for (const shopper of HOLDOUT_SHOPPERS) {
    if ((await sim.textsTo(shopper.phone)).length > 0) {
      texted.push(shopper.first_name)
    }
  }
  const heldOut = HOLDOUT_SHOPPERS.map((shopper) => shopper.first_name).filter((name) => !texted.includes(name))
  say(`Texted: ${texted.join(", ") || "nobody"}. Held out (step recorded as held_out, nothing sent): ${heldOut.join(", ") || "nobody"}`)

  const from = new Date(since.getTime() - MINUTE_MS).toISOString()
  const { experiments } = await admin.get(`/admin/sms-recovery/experiments?from=${encodeURIComponent(from)}`)
  const result = experiments.campaigns.find((candidate) => candidate.campaign_id === campaign.id)
  say(`GET /admin/sms-recovery/experiments since Ana's sweep, campaign "${result.name}":`)
  say(
    `Eligible carts: ${result.treated.eligible_recoveries} texted (${result.treated.conversions} ordered), ` +
      `${result.holdout.eligible_recoveries} held out (${result.holdout.conversions} ordered)`
  )
  const amounts = (rows, field) => rows.map((row) => money(row[field], row.currency_code)).join(" · ") || "none"
  say(`Attributed revenue: ${amounts(result.treated.revenue, "total")}`)
  say(`Incremental: ${incrementalLine(result, experiments.minimum_sample)}`)
  for (const line of result.net) {
    const amount = (value) => money(value, line.currency_code)
    say(
      `Net (${line.currency_code.toUpperCase()}): ${amount(line.attributed_revenue)} attributed − ${amount(line.incentive_cost)} codes − ` +
        `${amount(line.text_cost)} texts = ${amount(line.net)}`
    )
  }
}

/** The stats page's incremental line, or why there is no number yet. */
function incrementalLine(comparison, minimum) {
  const { treated, holdout, incremental } = comparison
  if (incremental.insufficient_sample) {
    const reasons = {
      too_few_holdout_recoveries: `${holdout.eligible_recoveries} of ${minimum.recoveries_per_arm} held-out carts`,
      too_few_treated_recoveries: `${treated.eligible_recoveries} of ${minimum.recoveries_per_arm} texted carts`,
      too_few_conversions: `too few orders (${minimum.expected_conversions_per_arm} expected in each group)`,
    }
    return `not enough data yet: ${reasons[incremental.reason]} (insufficient_sample: true)`
  }
  return incremental.revenue
    .map((row) => {
      const amount = (value) => money(value, row.currency_code)
      return `${amount(row.incremental_per_recovery)} per eligible cart, 95 % interval ${amount(row.ci95[0])} to ${amount(row.ci95[1])}, p = ${row.p_value}`
    })
    .join("; ")
}

async function showInbox(sim) {
  const texts = await sim.inbox()
  say(`${texts.length} text(s), oldest first:`)
  for (const text of texts) {
    say(`  ${text.to.map(maskPhone).join(", ")}: "${text.body}"`)
  }
}

/** The latest whole minute up to `now` inside SHOP_HOURS (stepping back keeps DST right). */
function latestShopHour(now) {
  let at = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS)
  while (!insideShopHours(at)) {
    at = new Date(at.getTime() - MINUTE_MS)
  }
  return at
}

const shopHourFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: SHOP_HOURS.timeZone,
  hour: "numeric",
  hourCycle: "h23",
})

function insideShopHours(at) {
  const hour = Number(shopHourFormat.format(at))
  return hour >= SHOP_HOURS.from && hour < SHOP_HOURS.to
}

const localTimeFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: SHOP_HOURS.timeZone,
  weekday: "short",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
})

function localTime(at) {
  return `${localTimeFormat.format(at)} (${SHOP_HOURS.timeZone})`
}

function heading(number, title) {
  console.log(`\n${number}. ${title}`)
}

function say(line) {
  console.log(`   ${line}`)
}
