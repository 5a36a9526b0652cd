import { getCountries } from "libphonenumber-js"
import {
  isValidTimeZone,
  resolveTimeZone,
  timeZoneFromAddress,
  timeZoneFromPhone,
} from "../timezone"
import {
  COUNTRY_TIME_ZONES,
  NANP_AREA_CODE_TIME_ZONES,
  NANP_AREA_CODES_BY_REGION,
  PROVINCE_TIME_ZONES,
} from "../timezone-data"

const DEFAULT = "America/New_York"

describe("resolveTimeZone", () => {
  it.each([
    [
      "address country + state wins over the phone",
      { countryCode: "us", province: "CA", phoneE164: "+12125550123" },
      "America/Los_Angeles",
      "address",
    ],
    [
      "single-zone country needs no province",
      { countryCode: "gb", phoneE164: "+12125550123" },
      "Europe/London",
      "address",
    ],
    [
      "multi-zone country without province → phone",
      { countryCode: "us", phoneE164: "+13125550123" },
      "America/Chicago",
      "phone",
    ],
    [
      "multi-zone country, unknown province → phone",
      { countryCode: "US", province: "Atlantis", phoneE164: "+13035550123" },
      "America/Denver",
      "phone",
    ],
    ["no address → NANP area code", { phoneE164: "+16025550123" }, "America/Phoenix", "phone"],
    ["no address → single-zone phone country", { phoneE164: "+33612345678" }, "Europe/Paris", "phone"],
    ["toll-free number → default", { phoneE164: "+18005550123" }, DEFAULT, "default"],
    ["multi-zone phone country → default", { phoneE164: "+61412345678" }, DEFAULT, "default"],
    ["nothing known → default", {}, DEFAULT, "default"],
    [
      "nulls from Medusa → default",
      { countryCode: null, province: null, phoneE164: null },
      DEFAULT,
      "default",
    ],
    [
      "US address, toll-free number → default",
      { countryCode: "us", phoneE164: "+18885550123" },
      DEFAULT,
      "default",
    ],
    [
      "address beats a foreign phone",
      { countryCode: "de", phoneE164: "+14155550123" },
      "Europe/Berlin",
      "address",
    ],
  ] as const)("%s", (_label, hints, timeZone, source) => {
    expect(resolveTimeZone(hints, DEFAULT)).toEqual({ timeZone, source })
  })

  it("returns the given default when nothing else is known", () => {
    expect(resolveTimeZone({}, "Europe/Dublin")).toEqual({ timeZone: "Europe/Dublin", source: "default" })
  })
})

describe("timeZoneFromAddress", () => {
  it.each([
    ["US", "CA", "America/Los_Angeles"],
    ["us", "us-ca", "America/Los_Angeles"],
    ["US", "US-NY", "America/New_York"],
    ["US", "california", "America/Los_Angeles"],
    ["US", " New  York ", "America/New_York"],
    ["US", "AZ", "America/Phoenix"],
    ["US", "HI", "Pacific/Honolulu"],
    ["US", "AK", "America/Anchorage"],
    ["US", "TX", "America/Chicago"],
    ["US", "CO", "America/Denver"],
    ["US", "Washington", "America/Los_Angeles"],
    ["US", "District of Columbia", "America/New_York"],
    ["US", "Washington D.C.", "America/New_York"],
    ["US", "PR", "America/Puerto_Rico"],
    ["CA", "ON", "America/Toronto"],
    ["CA", "QC", "America/Toronto"],
    ["CA", "Québec", "America/Toronto"],
    ["CA", "quebec", "America/Toronto"],
    ["CA", "ca-bc", "America/Vancouver"],
    ["CA", "Colombie-Britannique", "America/Vancouver"],
    ["CA", "AB", "America/Edmonton"],
    ["CA", "SK", "America/Regina"],
    ["CA", "MB", "America/Winnipeg"],
    ["CA", "NS", "America/Halifax"],
    ["CA", "NB", "America/Moncton"],
    ["CA", "NL", "America/St_Johns"],
    ["CA", "YT", "America/Whitehorse"],
    ["AU", "NSW", "Australia/Sydney"],
    ["AU", "au-wa", "Australia/Perth"],
    ["AU", "Queensland", "Australia/Brisbane"],
    ["AU", "SA", "Australia/Adelaide"],
    ["AU", "NT", "Australia/Darwin"],
    ["BR", "SP", "America/Sao_Paulo"],
    ["BR", "São Paulo", "America/Sao_Paulo"],
    ["BR", "AM", "America/Manaus"],
    ["BR", "AC", "America/Rio_Branco"],
    ["MX", "CMX", "America/Mexico_City"],
    ["MX", "Ciudad de México", "America/Mexico_City"],
    ["MX", "BCN", "America/Tijuana"],
    ["MX", "ROO", "America/Cancun"],
    ["MX", "SON", "America/Hermosillo"],
    ["MX", "Nuevo León", "America/Monterrey"],
    ["GB", undefined, "Europe/London"],
    ["gb", "Anything", "Europe/London"],
    ["DE", undefined, "Europe/Berlin"],
    ["JP", undefined, "Asia/Tokyo"],
    ["IN", undefined, "Asia/Kolkata"],
    ["NP", undefined, "Asia/Kathmandu"],
    ["NZ", undefined, "Pacific/Auckland"],
    ["ES", undefined, "Europe/Madrid"],
    ["PR", undefined, "America/Puerto_Rico"],
  ])("%s / %s → %s", (country, province, timeZone) => {
    expect(timeZoneFromAddress(country, province)).toBe(timeZone)
  })

  it.each([
    [undefined, "CA", "no country"],
    ["", "CA", "empty country"],
    ["US", undefined, "multi-zone country without province"],
    ["US", "", "multi-zone country with empty province"],
    ["US", "Ontario", "a province of another country"],
    ["CA", "CA", "US state code under Canada"],
    ["US", "ca-on", "another country's prefixed code"],
    ["AU", undefined, "Australia without state"],
    ["BR", undefined, "Brazil without state"],
    ["MX", "CHH", "Mexican state left out on purpose"],
    ["MX", "TAM", "Mexican state left out on purpose"],
    ["RU", undefined, "Russia"],
    ["ID", undefined, "Indonesia"],
    ["ZZ", undefined, "unknown country"],
    ["constructor", undefined, "prototype key"],
    ["__proto__", undefined, "prototype key"],
  ] as [string | undefined, string | undefined, string][])("%s / %s → undefined (%s)", (country, province) => {
    expect(timeZoneFromAddress(country, province)).toBeUndefined()
  })
})

describe("timeZoneFromPhone", () => {
  it.each([
    ["+12125550123", "America/New_York"],
    ["+13125550123", "America/Chicago"],
    ["+13035550123", "America/Denver"],
    ["+16025550123", "America/Phoenix"],
    ["+14155550123", "America/Los_Angeles"],
    ["+19075550123", "America/Anchorage"],
    ["+18085550123", "Pacific/Honolulu"],
    ["+14165550123", "America/Toronto"],
    ["+16045550123", "America/Vancouver"],
    ["+14035550123", "America/Edmonton"],
    ["+19025550123", "America/Halifax"],
    ["+17095550123", "America/St_Johns"],
    ["+17875550123", "America/Puerto_Rico"],
    ["+19155550123", "America/Denver"], // El Paso
    ["+18505550123", "America/Chicago"], // Florida panhandle
    ["+12195550123", "America/Chicago"], // north-west Indiana
    ["+13175550123", "America/Indiana/Indianapolis"],
    ["+18075550123", "America/Toronto"], // Thunder Bay
    ["+13065550123", "America/Regina"],
    ["+15145550123", "America/Toronto"],
    ["+18765550123", "America/Jamaica"], // another NANP country, by libphonenumber-js
    ["+447911123456", "Europe/Guernsey"], // libphonenumber-js names Guernsey for this range
    ["+442079460958", "Europe/London"],
    ["+4930901820", "Europe/Berlin"],
    ["+919812345678", "Asia/Kolkata"],
    ["+9779812345678", "Asia/Kathmandu"],
    ["+64211234567", "Pacific/Auckland"],
    [" +12125550123 ", "America/New_York"],
  ])("%s → %s", (phone, timeZone) => {
    expect(timeZoneFromPhone(phone)).toBe(timeZone)
  })

  it.each([
    ["+18005550123", "toll-free 800"],
    ["+18885550123", "toll-free 888"],
    ["+18335550123", "toll-free 833"],
    ["+19005550123", "premium 900"],
    ["+61412345678", "Australia spans zones"],
    ["+79161234567", "Russia spans zones"],
    ["+5511912345678", "Brazil spans zones"],
    ["+525512345678", "Mexico spans zones"],
    ["12125550123", "no plus: not E.164"],
    ["", "empty"],
    ["not a number", "garbage"],
  ])("%s → undefined (%s)", (phone) => {
    expect(timeZoneFromPhone(phone)).toBeUndefined()
  })
})

describe("isValidTimeZone", () => {
  it.each([
    ["America/New_York", true],
    ["Asia/Kathmandu", true],
    ["UTC", true],
    ["America/Gotham", false],
    ["", false],
    ["EST5EDT6", false],
  ])("%s → %s", (timeZone, valid) => {
    expect(isValidTimeZone(timeZone)).toBe(valid)
  })
})

describe("time zone tables", () => {
  const provinceZones = Object.values(PROVINCE_TIME_ZONES).flatMap((rows) => rows.map((row) => row[1]))
  const allZones = new Set([
    ...Object.values(COUNTRY_TIME_ZONES),
    ...NANP_AREA_CODE_TIME_ZONES.values(),
    ...provinceZones,
  ])

  it.each([...allZones])("%s is a zone the runtime knows", (timeZone) => {
    expect(() => new Intl.DateTimeFormat(undefined, { timeZone })).not.toThrow()
  })

  it("lists every area code once, as three digits starting 2–9", () => {
    const codes = NANP_AREA_CODES_BY_REGION.flatMap(([, , list]) => list.split(" "))
    expect(codes.length).toBe(NANP_AREA_CODE_TIME_ZONES.size)
    for (const code of codes) {
      expect(code).toMatch(/^[2-9]\d\d$/)
    }
  })

  it("has no non-geographic NANP code", () => {
    const nonGeographic =
      "500 521 533 544 566 577 588 600 622 700 710 800 833 844 855 866 877 888 900 950 976"
    for (const code of nonGeographic.split(" ")) {
      expect(NANP_AREA_CODE_TIME_ZONES.has(code)).toBe(false)
    }
  })

  it("covers every country libphonenumber-js can name, except those spanning zones", () => {
    const multiZone = ["US", "CA", "MX", "BR", "AU", "RU", "ID", "CD", "MN", "KI", "FM"]
    const missing = getCountries().filter(
      (country) => !(country in COUNTRY_TIME_ZONES) && !multiZone.includes(country)
    )
    expect(missing).toEqual([])
    for (const country of multiZone) {
      expect(country in COUNTRY_TIME_ZONES).toBe(false)
    }
  })

  it("lists each province once per country", () => {
    for (const rows of Object.values(PROVINCE_TIME_ZONES)) {
      const codes = rows.map(([code]) => code)
      expect(new Set(codes).size).toBe(codes.length)
    }
    expect(PROVINCE_TIME_ZONES.US).toHaveLength(56) // 50 states, DC, 5 territories
    expect(PROVINCE_TIME_ZONES.CA).toHaveLength(13)
    expect(PROVINCE_TIME_ZONES.AU).toHaveLength(8)
    expect(PROVINCE_TIME_ZONES.BR).toHaveLength(27)
  })
})
