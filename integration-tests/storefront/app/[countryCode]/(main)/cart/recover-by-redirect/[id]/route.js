import { NextResponse } from "next/server"

export const dynamic = "force-dynamic"

// A control, not part of the kit: the obvious restore route (set the cookie, redirect to the
// cart), which the test shows landing on an empty cart after a tap on another site.
export async function GET(request, { params }) {
  const { countryCode, id } = await params
  const exchange = await fetch(`${process.env.MEDUSA_BACKEND_URL}/store/sms-recovery/cart-token`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-publishable-api-key": process.env.MEDUSA_PUBLISHABLE_KEY },
    body: JSON.stringify({ token: id }),
    cache: "no-store",
  })
  const { cart_id } = await exchange.json()
  const response = NextResponse.redirect(new URL(`/${countryCode}/cart`, request.url), 302)
  response.cookies.set("_medusa_cart_id", cart_id, {
    maxAge: 60 * 60 * 24 * 7,
    httpOnly: true,
    sameSite: "strict",
    secure: process.env.NODE_ENV === "production",
  })
  return response
}
