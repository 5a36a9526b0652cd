export type InboundKeyword = "stop" | "start" | "help"

/** The keyword as recognised, in its canonical spelling (`"opt-out"` → `"OPT OUT"`). */
export type MatchedKeyword =
  | "STOP"
  | "STOPALL"
  | "UNSUBSCRIBE"
  | "CANCEL"
  | "END"
  | "QUIT"
  | "REVOKE"
  | "OPT OUT"
  | "OPTOUT"
  | "START"
  | "UNSTOP"
  | "YES"
  | "Y"
  | "HELP"
  | "INFO"

export type InboundClassification =
  | { keyword: InboundKeyword; matched: MatchedKeyword }
  | { keyword: null; matched?: undefined }

/** Words that revoke consent, whole message or first word (the FCC's 2024 revocation rule). */
const STOP_WORDS: ReadonlyMap<string, MatchedKeyword> = new Map([
  ["stop", "STOP"],
  ["stopall", "STOPALL"],
  ["unsubscribe", "UNSUBSCRIBE"],
  ["cancel", "CANCEL"],
  ["end", "END"],
  ["quit", "QUIT"],
  ["revoke", "REVOKE"],
  ["optout", "OPTOUT"],
])

/** Keywords that count only as the whole message: "yes, but not now" is not a confirmation. */
const WHOLE_MESSAGE_KEYWORDS: ReadonlyMap<string, { keyword: InboundKeyword; matched: MatchedKeyword }> =
  new Map([
    ["start", { keyword: "start", matched: "START" }],
    ["unstop", { keyword: "start", matched: "UNSTOP" }],
    ["yes", { keyword: "start", matched: "YES" }],
    ["y", { keyword: "start", matched: "Y" }],
    ["help", { keyword: "help", matched: "HELP" }],
    ["info", { keyword: "help", matched: "INFO" }],
  ])

const NOT_A_WORD_CHARACTER = /[^\p{L}\p{M}\p{N}]+/u
/** Zero-width and other invisible format characters, which separate nothing a reader sees. */
const FORMAT_CHARACTERS = /\p{Cf}/gu

/**
 * Reads an inbound (MO) text as a compliance keyword.
 *
 * - Case, width (NFKC: `ＳＴＯＰ`), zero-width characters, surrounding whitespace, punctuation
 *   and emoji are ignored: `" Stop! "`, `"stop."`, `"STOP 🛑"` are all STOP.
 * - Stop words also count as the first word of a longer message (`"Stop texting me"`,
 *   `"unsubscribe please"`, `"cancel, thanks"`): the FCC treats any reasonable revocation as
 *   one, and a wrong opt-out costs less than a text sent after one. Words only match whole:
 *   `"stopwatch deal?"` and `"S T O P"` are not STOP.
 * - "opt out" in any spelling (`OPT OUT`, `opt-out`, `Opt_Out`, `opt  out`) is `OPT OUT`;
 *   written as one word it is `OPTOUT`. Both are stop.
 * - START, UNSTOP, YES, Y, HELP and INFO count only as the whole message. `matched` tells
 *   YES/Y (the reply that confirms a pending double opt-in) from START/UNSTOP.
 */
export function classifyInbound(body: string): InboundClassification {
  const words = body
    .normalize("NFKC")
    .replace(FORMAT_CHARACTERS, "")
    .toLowerCase()
    .split(NOT_A_WORD_CHARACTER)
    .filter(Boolean)
  const [first, second] = words
  if (first === undefined) {
    return { keyword: null }
  }
  if (first === "opt" && second === "out") {
    return { keyword: "stop", matched: "OPT OUT" }
  }
  const stopWord = STOP_WORDS.get(first)
  if (stopWord) {
    return { keyword: "stop", matched: stopWord }
  }
  const wholeMessage = words.length === 1 ? WHOLE_MESSAGE_KEYWORDS.get(first) : undefined
  if (wholeMessage) {
    return { ...wholeMessage }
  }
  return { keyword: null }
}

/** YES or Y: the reply that turns a pending double opt-in into consent. */
export function confirmsPendingConsent(classification: InboundClassification): boolean {
  return classification.matched === "YES" || classification.matched === "Y"
}
