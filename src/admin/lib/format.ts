/** The admin's language, as the browser reports it. */
export const adminLocale = () => (typeof navigator !== "undefined" && navigator.language) || "en-US"

export const formatNumber = (value: number) => new Intl.NumberFormat(adminLocale()).format(value)

export const formatPercent = (ratio: number, digits = 1) =>
  new Intl.NumberFormat(adminLocale(), { style: "percent", maximumFractionDigits: digits }).format(ratio)

/** An amount in major units (a decimal string from the API) in its currency. */
export const formatMoney = (amount: string | number, currencyCode: string) =>
  new Intl.NumberFormat(adminLocale(), { style: "currency", currency: currencyCode.toUpperCase() }).format(
    Number(amount)
  )

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat(adminLocale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)) : "—"

export const formatDay = (day: string) =>
  new Intl.DateTimeFormat(adminLocale(), { month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`)
  )
