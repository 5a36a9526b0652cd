import { NextResponse } from "next/server"

// The starter's middleware, cut down: every page lives under a country code.
const DEFAULT_REGION = "us"

export function middleware(request) {
  const [, first] = request.nextUrl.pathname.split("/")
  if (first === DEFAULT_REGION) {
    return NextResponse.next()
  }
  const url = request.nextUrl.clone()
  url.pathname = `/${DEFAULT_REGION}${request.nextUrl.pathname}`
  return NextResponse.redirect(url, 307)
}

export const config = {
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico|.*\\.png|.*\\.jpg|.*\\.gif|.*\\.svg).*)"],
}
