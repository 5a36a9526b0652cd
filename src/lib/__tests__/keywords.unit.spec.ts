import { classifyInbound, confirmsPendingConsent } from "../keywords"

describe("classifyInbound", () => {
  describe("every keyword, as the whole message", () => {
    it.each([
      ["STOP", "stop", "STOP"],
      ["STOPALL", "stop", "STOPALL"],
      ["UNSUBSCRIBE", "stop", "UNSUBSCRIBE"],
      ["CANCEL", "stop", "CANCEL"],
      ["END", "stop", "END"],
      ["QUIT", "stop", "QUIT"],
      ["REVOKE", "stop", "REVOKE"],
      ["OPT OUT", "stop", "OPT OUT"],
      ["OPTOUT", "stop", "OPTOUT"],
      ["START", "start", "START"],
      ["UNSTOP", "start", "UNSTOP"],
      ["YES", "start", "YES"],
      ["Y", "start", "Y"],
      ["HELP", "help", "HELP"],
      ["INFO", "help", "INFO"],
    ])("%s → %s", (body, keyword, matched) => {
      expect(classifyInbound(body)).toEqual({ keyword, matched })
    })
  })

  describe("case, width, whitespace and surrounding punctuation are ignored", () => {
    it.each([
      ["stop", "STOP"],
      ["Stop", "STOP"],
      ["sToP", "STOP"],
      ["Stop.", "STOP"],
      [" stop! ", "STOP"],
      ["\tSTOP\n", "STOP"],
      ["...STOP!!!", "STOP"],
      ['"stop"', "STOP"],
      ["(stop)", "STOP"],
      ["STOP 🛑", "STOP"],
      ["🛑STOP🛑", "STOP"],
      ["ＳＴＯＰ", "STOP"], // fullwidth
      ["ｓｔｏｐ！", "STOP"],
      ["ST\u200bOP", "STOP"], // zero-width space inside
      ["  quit  ", "QUIT"],
      ["End.", "END"],
      ["unsubscribe", "UNSUBSCRIBE"],
      ["StopAll", "STOPALL"],
      ["revoke!", "REVOKE"],
      ["Cancel?", "CANCEL"],
    ])("%j → stop (%s)", (body, matched) => {
      expect(classifyInbound(body)).toEqual({ keyword: "stop", matched })
    })

    it.each([
      ["yes", "start", "YES"],
      ["Yes!", "start", "YES"],
      [" y ", "start", "Y"],
      ["Y.", "start", "Y"],
      ["ｙｅｓ", "start", "YES"],
      ["start", "start", "START"],
      ["Start!", "start", "START"],
      ["unstop", "start", "UNSTOP"],
      ["help", "help", "HELP"],
      ["Help?", "help", "HELP"],
      ["  INFO  ", "help", "INFO"],
      ["info.", "help", "INFO"],
    ])("%j → %s (%s)", (body, keyword, matched) => {
      expect(classifyInbound(body)).toEqual({ keyword, matched })
    })
  })

  describe("opt out, in any spelling, is stop", () => {
    it.each([
      ["opt out", "OPT OUT"],
      ["Opt Out", "OPT OUT"],
      ["opt-out", "OPT OUT"],
      ["OPT-OUT", "OPT OUT"],
      ["opt_out", "OPT OUT"],
      ["opt  out", "OPT OUT"],
      ["opt – out", "OPT OUT"],
      ["optout", "OPTOUT"],
      ["OptOut!", "OPTOUT"],
      ["opt out please", "OPT OUT"],
      ["opt-out of these", "OPT OUT"],
    ])("%j → %s", (body, matched) => {
      expect(classifyInbound(body)).toEqual({ keyword: "stop", matched })
    })

    it.each(["opt", "opt in", "out", "opt outs", "optin", "out opt"])("%j is not stop", (body) => {
      expect(classifyInbound(body)).toEqual({ keyword: null })
    })
  })

  describe("a stop word followed by more words is stop", () => {
    it.each([
      ["Stop texting me", "STOP"],
      ["STOP. Please.", "STOP"],
      ["stop, thanks", "STOP"],
      ["stop stop stop", "STOP"],
      ["stop start", "STOP"],
      ["unsubscribe please", "UNSUBSCRIBE"],
      ["Cancel my subscription", "CANCEL"],
      ["quit it", "QUIT"],
      ["end these messages", "END"],
      ["revoke consent", "REVOKE"],
      ["stopall now", "STOPALL"],
      ["stop's enough", "STOP"],
    ])("%j → %s", (body, matched) => {
      expect(classifyInbound(body)).toEqual({ keyword: "stop", matched })
    })
  })

  describe("not keywords", () => {
    it.each([
      ["", "empty"],
      ["   ", "blank"],
      ["!!!", "punctuation only"],
      ["🛑", "emoji only"],
      ["S T O P", "letters spaced out"],
      ["s.t.o.p", "letters dotted"],
      ["stopwatch deal?", "stop inside a longer word"],
      ["stopped", "stop as a prefix"],
      ["nonstop", "stop as a suffix"],
      ["unstoppable", "unstop as a prefix"],
      ["ending", "end as a prefix"],
      ["Please stop", "stop not first"],
      ["don't stop", "stop not first"],
      ["yes please", "yes with more words"],
      ["y not", "y with more words"],
      ["Y E S", "yes spaced out"],
      ["yeah", "yes-like word"],
      ["yess", "yes with a typo"],
      ["ok", "other reply"],
      ["start now", "start with more words"],
      ["help me", "help with more words"],
      ["info please", "info with more words"],
      ["helpful", "help as a prefix"],
      ["information", "info as a prefix"],
      ["startup", "start as a prefix"],
      ["N", "no"],
      ["Thanks!", "chit-chat"],
      ["st0p", "digit for a letter"],
    ])("%j (%s)", (body) => {
      expect(classifyInbound(body)).toEqual({ keyword: null })
    })
  })
})

describe("confirmsPendingConsent", () => {
  it.each([
    ["YES", true],
    ["y", true],
    ["Yes!", true],
    ["START", false],
    ["UNSTOP", false],
    ["HELP", false],
    ["STOP", false],
    ["yes please", false],
    ["", false],
  ])("%j → %s", (body, confirms) => {
    expect(confirmsPendingConsent(classifyInbound(body))).toBe(confirms)
  })
})
