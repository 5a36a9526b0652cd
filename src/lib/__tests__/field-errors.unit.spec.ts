import { parseFieldErrors } from "../field-errors"

describe("parseFieldErrors", () => {
  it.each([
    [
      'Invalid request: steps.0.variants.0.template: must end with "Reply STOP to opt out"',
      { "steps.0.variants.0.template": 'must end with "Reply STOP to opt out"' },
      [],
    ],
    [
      "Invalid request: opt_out_line: must contain the word STOP",
      { opt_out_line: "must contain the word STOP" },
      [],
    ],
    [
      "Invalid request: Value for field 'steps, 0, delay_minutes' too small, expected at least: '0'",
      { "steps.0.delay_minutes": "Value for field 'steps, 0, delay_minutes' too small, expected at least: '0'" },
      [],
    ],
    [
      "Invalid request: Expected type: 'boolean' for field 'enabled', got: 'string'",
      { enabled: "Expected type: 'boolean' for field 'enabled', got: 'string'" },
      [],
    ],
    [
      'Invalid request: steps.0.variants.0.template: must end with "X STOP"; steps.1.variants.0.template: unknown variables: nickname',
      {
        "steps.0.variants.0.template": 'must end with "X STOP"',
        "steps.1.variants.0.template": "unknown variables: nickname",
      },
      [],
    ],
    ["Campaign is locked, try again", {}, ["Campaign is locked, try again"]],
  ])("%s", (message, fields, general) => {
    expect(parseFieldErrors(message)).toEqual({ fields, general })
  })

  it("joins two messages for one field", () => {
    expect(parseFieldErrors("Invalid request: name: too short; name: taken").fields).toEqual({
      name: "too short; taken",
    })
  })
})
