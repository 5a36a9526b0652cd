import Handlebars from "handlebars"
import {
  TEMPLATE_FALLBACKS,
  TEMPLATE_VARIABLES,
  TemplateError,
  renderTemplate,
  templateVariables,
  validateTemplate,
} from "../template"

const RULES = { brand: "Acme", optOutLine: "Reply STOP to opt out" }
const VALID =
  "{{brand}}: Hi {{first_name}}, you left {{top_item}} in your cart. {{link}} Reply STOP to opt out"

describe("validateTemplate", () => {
  it("accepts a template using every variable", () => {
    const source = `{{brand}}: ${TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(" ")} Reply STOP to opt out`
    expect(validateTemplate(source, RULES)).toEqual({ ok: true })
  })

  it.each([
    ["{{#if}} with {{else}}", "{{brand}}: {{#if discount_code}}Use {{discount_code}}{{else}}Come back{{/if}} Reply STOP to opt out"],
    ["{{else if}} chain", "{{brand}}: {{#if discount_code}}a{{else if cart_total}}b{{else}}c{{/if}} Reply STOP to opt out"],
    ["{{#unless}}", "{{brand}}: {{#unless first_name}}Hi!{{/unless}} Reply STOP to opt out"],
    ["nested blocks", "{{brand}}: {{#if first_name}}{{#unless discount_code}}x{{/unless}}{{/if}} Reply STOP to opt out"],
    ["triple-stash", "{{{brand}}}: {{{link}}} Reply STOP to opt out"],
    ["whitespace control", "{{~brand~}}: {{~link}} Reply STOP to opt out"],
    ["spaces inside braces", "{{ brand }}: {{ link }} Reply STOP to opt out"],
    ["a comment", "{{brand}}: {{! internal note }}{{link}} Reply STOP to opt out"],
    ["literal brand", "Acme: {{link}} Reply STOP to opt out"],
    ["literal brand, other case", "ACME: {{link}} Reply STOP to opt out"],
    ["leading whitespace", "  \n{{brand}}: {{link}} Reply STOP to opt out"],
    ["opt-out line in other case", "{{brand}}: {{link}} reply stop to opt out"],
    ["trailing punctuation", "{{brand}}: {{link}} Reply STOP to opt out."],
    ["trailing punctuation and whitespace", "{{brand}}: {{link}} Reply STOP to opt out!  \n"],
    ["opt-out line on its own line", "{{brand}}: {{link}}\nReply STOP to opt out"],
    ["multiple spaces in the opt-out line", "{{brand}}: {{link}} Reply  STOP to  opt out"],
    ["escaped mustache", "{{brand}}: \\{{not_a_variable}} {{link}} Reply STOP to opt out"],
  ])("accepts %s", (_label, source) => {
    expect(validateTemplate(source, RULES)).toEqual({ ok: true })
  })

  it("lists unknown variables by name, once each, in order", () => {
    const source =
      "{{brand}}: {{firstname}} {{first_name}} {{coupon}} {{firstname}} {{#if promo}}x{{/if}} Reply STOP to opt out"
    expect(validateTemplate(source, RULES)).toEqual({
      ok: false,
      errors: [
        {
          code: "unknown_variables",
          message: "Unknown template variables: firstname, coupon, promo",
          variables: ["firstname", "coupon", "promo"],
        },
      ],
    })
  })

  it("accepts variables a hook adds", () => {
    const source = "{{brand}}: {{loyalty_points}} points {{link}} Reply STOP to opt out"
    expect(validateTemplate(source, { ...RULES, extraVariables: ["loyalty_points"] })).toEqual({ ok: true })
    expect(validateTemplate(source, RULES)).toMatchObject({
      ok: false,
      errors: [{ code: "unknown_variables", variables: ["loyalty_points"] }],
    })
  })

  it.each([
    ["{{constructor}}", ["constructor"]],
    ["{{__proto__}}", ["__proto__"]],
    ["{{toString}}", ["toString"]],
  ])("lists %s as an unknown variable", (expression, variables) => {
    expect(validateTemplate(`{{brand}}: ${expression} Reply STOP to opt out`, RULES)).toMatchObject({
      ok: false,
      errors: [{ code: "unknown_variables", variables }],
    })
  })

  it.each([
    ["a path into this", "{{this.constructor}}"],
    ["this", "{{this}}"],
    ["a dotted path", "{{first_name.length}}"],
    ["a prototype path", "{{brand.__proto__}}"],
    ["a data variable", "{{@root.brand}}"],
    ["a parent path", "{{../brand}}"],
    ["a ./ path", "{{./brand}}"],
    ["a string literal", '{{"hello"}}'],
    ["a helper call", "{{lookup brand 'constructor'}}"],
    ["a helper with a hash", "{{first_name default='x'}}"],
    ["an #each block", "{{#each items}}x{{/each}}"],
    ["a #with block", "{{#with brand}}x{{/with}}"],
    ["a partial", "{{> footer}}"],
    ["a partial block", "{{#> layout}}x{{/layout}}"],
    ["an #if on a path", "{{#if this.constructor}}x{{/if}}"],
    ["an #if with two params", "{{#if first_name brand}}x{{/if}}"],
    ["an #if with no param", "{{#if}}x{{/if}}"],
    ["a sub-expression", "{{#if (lookup this 'x')}}x{{/if}}"],
    ["a raw block", "{{{{raw}}}}x{{{{/raw}}}}"],
    ["a decorator", "{{* decorator}}"],
  ])("refuses %s as a syntax error", (_label, expression) => {
    const result = validateTemplate(`{{brand}}: ${expression} Reply STOP to opt out`, RULES)
    expect(result.ok).toBe(false)
    if (result.ok) {
      return
    }
    expect(result.errors.map((error) => error.code)).toContain("syntax")
    expect(result.errors.map((error) => error.code)).not.toContain("missing_brand_prefix")
  })

  it("names the refused expression", () => {
    expect(validateTemplate("{{brand}}: {{this.constructor}} Reply STOP to opt out", RULES)).toEqual({
      ok: false,
      errors: [
        {
          code: "syntax",
          message: '"{{this.constructor}}" is not allowed: use a variable by name, e.g. {{first_name}}',
        },
      ],
    })
  })

  it("reports a parse error with its position", () => {
    const result = validateTemplate("{{brand}}: {{#if first_name}}Hi Reply STOP to opt out", RULES)
    expect(result).toMatchObject({ ok: false, errors: [{ code: "syntax" }] })
    if (!result.ok) {
      expect(result.errors[0].message).toMatch(/^Template syntax error: Parse error on line 1/)
    }
  })

  describe("brand prefix", () => {
    it.each([
      ["no brand at all", "Hi {{first_name}} Reply STOP to opt out"],
      ["brand later in the text", "Hi from {{brand}} Reply STOP to opt out"],
      ["brand text later in the text", "Hi from Acme Reply STOP to opt out"],
      ["brand as a prefix of a longer word", "Acmeville: Reply STOP to opt out"],
      ["another variable first", "{{first_name}} {{brand}} Reply STOP to opt out"],
      ["brand inside a block", "{{#if brand}}{{brand}}{{/if}} Reply STOP to opt out"],
      ["empty template", ""],
    ])("refuses %s", (_label, source) => {
      const result = validateTemplate(source, RULES)
      expect(result).toMatchObject({ ok: false })
      if (!result.ok) {
        expect(result.errors).toContainEqual({
          code: "missing_brand_prefix",
          message: 'The text must start with the brand: "{{brand}}" or "Acme"',
        })
      }
    })

    it("does not accept any text as brand when the brand is blank", () => {
      expect(validateTemplate("Hello Reply STOP to opt out", { ...RULES, brand: " " })).toMatchObject({
        ok: false,
        errors: [{ code: "missing_brand_prefix" }],
      })
      expect(validateTemplate("{{brand}} Reply STOP to opt out", { ...RULES, brand: "" })).toEqual({ ok: true })
    })
  })

  describe("opt-out line", () => {
    it.each([
      ["no opt-out line", "{{brand}}: {{link}}"],
      ["opt-out line not at the end", "{{brand}}: Reply STOP to opt out {{link}}"],
      ["opt-out line inside a block", "{{brand}}: {{#if link}}Reply STOP to opt out{{/if}}"],
      ["a different wording", "{{brand}}: {{link}} Text STOP to end"],
      ["part of a longer word", "{{brand}}: {{link}} Reply STOP to opt outs"],
      ["glued to the previous word", "{{brand}}: {{link}} xReply STOP to opt out"],
    ])("refuses %s", (_label, source) => {
      expect(validateTemplate(source, RULES)).toEqual({
        ok: false,
        errors: [{ code: "missing_opt_out", message: 'The text must end with the opt-out line "Reply STOP to opt out"' }],
      })
    })

    it("uses the admin's own wording", () => {
      const rules = { brand: "Acme", optOutLine: "Text STOP to end." }
      expect(validateTemplate("{{brand}}: {{link}} Text STOP to end", rules)).toEqual({ ok: true })
      expect(validateTemplate("{{brand}}: {{link}} Reply STOP to opt out", rules)).toMatchObject({
        ok: false,
        errors: [{ code: "missing_opt_out" }],
      })
    })

    it("throws when no opt-out line is configured", () => {
      expect(() => validateTemplate(VALID, { ...RULES, optOutLine: "  " })).toThrow("optOutLine must not be empty")
    })
  })

  it("reports every problem at once", () => {
    const result = validateTemplate("Hi {{nickname}} {{> footer}}", RULES)
    expect(result).toMatchObject({ ok: false })
    if (!result.ok) {
      expect(result.errors.map((error) => error.code)).toEqual([
        "syntax",
        "unknown_variables",
        "missing_brand_prefix",
        "missing_opt_out",
      ])
    }
  })
})

describe("renderTemplate", () => {
  it("fills every variable", () => {
    expect(
      renderTemplate(VALID, {
        brand: "Acme",
        first_name: "Dana",
        top_item: "Trail Shoes",
        link: "https://acme.test/r/abc",
      })
    ).toBe("Acme: Hi Dana, you left Trail Shoes in your cart. https://acme.test/r/abc Reply STOP to opt out")
  })

  it.each(Object.entries(TEMPLATE_FALLBACKS))("falls back for a missing %s → %j", (name, fallback) => {
    expect(renderTemplate(`[{{${name}}}]`, {})).toBe(`[${fallback}]`)
  })

  it.each([
    ["undefined", undefined, "there"],
    ["null", null, "there"],
    ["empty", "", "there"],
    ["blank", "   ", "there"],
    ["a name", "Dana", "Dana"],
    ["a name with spaces around", " Dana ", "Dana"],
  ])("first_name %s → %j", (_label, value, expected) => {
    expect(renderTemplate("Hi {{first_name}}!", { first_name: value })).toBe(`Hi ${expected}!`)
  })

  it.each([
    [3, "3 items"],
    [0, "0 items"],
    [1.5, "1.5 items"],
    [Number.NaN, "some items"],
    [Number.POSITIVE_INFINITY, "some items"],
  ])("item_count %p → %j", (count, expected) => {
    expect(renderTemplate("{{item_count}} items", { item_count: count })).toBe(expected)
  })

  it("renders a hook's extra variable, and nothing for one not given", () => {
    expect(renderTemplate("{{points}} pts{{missing}}", { points: 120 })).toBe("120 pts")
  })

  it("escapes nothing: SMS is plain text", () => {
    expect(
      renderTemplate("{{brand}} {{top_item}} {{link}}", {
        brand: "Smith & Sons",
        top_item: `<Tee> "Classic" 'fit'`,
        link: "https://x.test/r?a=1&b=2",
      })
    ).toBe(`Smith & Sons <Tee> "Classic" 'fit' https://x.test/r?a=1&b=2`)
  })

  describe("conditions read the value, not its fallback", () => {
    const source = "{{brand}}: {{#if discount_code}}Use {{discount_code}} for {{discount_value}} off.{{else}}Come back!{{/if}} {{link}}"

    it.each([
      ["with a code", { discount_code: "SAVE10", discount_value: "10%" }, "Acme: Use SAVE10 for 10% off. https://l.test"],
      ["without a code", {}, "Acme: Come back! https://l.test"],
      ["with a blank code", { discount_code: " " }, "Acme: Come back! https://l.test"],
    ])("%s", (_label, values, expected) => {
      expect(renderTemplate(source, { brand: "Acme", link: "https://l.test", ...values })).toBe(expected)
    })

    it.each([
      [{ first_name: "Dana" }, "Hi Dana!"],
      [{}, "Hello!"],
    ])("{{#if first_name}} with %j → %j", (values, expected) => {
      expect(renderTemplate("{{#if first_name}}Hi {{first_name}}!{{else}}Hello!{{/if}}", values)).toBe(expected)
    })

    it.each([
      [{}, "Hello there"],
      [{ first_name: "Dana" }, "Hi"],
    ])("{{#unless first_name}} with %j → %j", (values, expected) => {
      expect(renderTemplate("{{#unless first_name}}Hello {{first_name}}{{else}}Hi{{/unless}}", values)).toBe(expected)
    })

    it("{{else if}} chains", () => {
      const chain = "{{#if discount_code}}code{{else if cart_total}}total {{cart_total}}{{else}}none{{/if}}"
      expect(renderTemplate(chain, { discount_code: "X" })).toBe("code")
      expect(renderTemplate(chain, { cart_total: "$5.00" })).toBe("total $5.00")
      expect(renderTemplate(chain, {})).toBe("none")
    })

    describe("urgency guarded by {{#if stock_left}}", () => {
      const urgent =
        "{{brand}}: {{#if stock_left}}Only {{stock_left}} {{low_stock_item}} left!{{else}}Your {{top_item}} is waiting.{{/if}} {{link}}"

      it.each([
        ["with stock tracked", { stock_left: 3, low_stock_item: "Wool Scarf" }, "Acme: Only 3 Wool Scarf left! L"],
        ["with the item sold out", { stock_left: 0, low_stock_item: "Wool Scarf" }, "Acme: Your Linen Shirt is waiting. L"],
        ["without tracked stock", { stock_left: null, low_stock_item: null }, "Acme: Your Linen Shirt is waiting. L"],
      ])("%s", (_label, values, expected) => {
        expect(renderTemplate(urgent, { brand: "Acme", link: "L", top_item: "Linen Shirt", ...values })).toBe(expected)
      })

      it("renders the fallbacks when used unguarded", () => {
        expect(renderTemplate("Only {{stock_left}} {{low_stock_item}} left", {})).toBe("Only your items left")
      })
    })

    describe("history: is_returning and orders_count", () => {
      const welcome =
        "{{#if is_returning}}Welcome back! Order no. {{orders_count}} awaits.{{else}}Your first order awaits.{{/if}}"

      it.each([
        [{ is_returning: "yes", orders_count: 2 }, "Welcome back! Order no. 2 awaits."],
        [{ is_returning: "", orders_count: 0 }, "Your first order awaits."],
        [{}, "Your first order awaits."],
      ])("%j → %j", (values, expected) => {
        expect(renderTemplate(welcome, values)).toBe(expected)
      })

      it("shows 0 orders for an unknown shopper, and a count of 0 is false", () => {
        expect(renderTemplate("{{orders_count}} orders", {})).toBe("0 orders")
        expect(renderTemplate("{{#if orders_count}}again{{else}}first{{/if}}", { orders_count: 0 })).toBe("first")
      })
    })

    it("treats an item_count of 0 as false", () => {
      expect(renderTemplate("{{#if item_count}}yes{{else}}no{{/if}}", { item_count: 0 })).toBe("no")
      expect(renderTemplate("{{#if item_count}}yes{{else}}no{{/if}}", { item_count: 2 })).toBe("yes")
    })
  })

  it.each([
    ["double space left by an empty value", "Hi {{first_name}} {{cart_total}} {{link}}", { first_name: "Al", link: "L" }, "Hi Al L"],
    ["empty value at the end", "{{link}} {{discount_code}}", { link: "L" }, "L"],
    ["empty value at the start", "{{discount_code}} Hi", {}, "Hi"],
    ["spaces before a newline", "Hi {{discount_code}}\nBye", {}, "Hi\nBye"],
    ["spaces after a newline", "Hi\n  {{discount_code}} Bye", {}, "Hi\nBye"],
    ["newlines are kept", "A\n\nB", {}, "A\n\nB"],
    ["tabs collapse too", "A\t\tB", {}, "A B"],
    ["surrounding whitespace is trimmed", "  A  ", {}, "A"],
  ])("tidies whitespace: %s", (_label, source, values, expected) => {
    expect(renderTemplate(source, values)).toBe(expected)
  })

  describe("no prototype access", () => {
    it.each([
      ["{{constructor}}", {}],
      ["{{__proto__}}", {}],
      ["{{toString}}", {}],
      ["{{hasOwnProperty}}", {}],
      ["{{constructor}}", { constructor: undefined }],
    ])("%s renders nothing, without Handlebars' access-denied warning", (source, values) => {
      const consoleError = jest.spyOn(console, "error").mockImplementation(() => undefined)
      try {
        expect(renderTemplate(`[${source}]`, values)).toBe("[]")
        expect(consoleError).not.toHaveBeenCalled()
      } finally {
        consoleError.mockRestore()
      }
    })

    it.each([
      "{{this.constructor}}",
      "{{this.constructor.constructor}}",
      "{{brand.constructor}}",
      "{{@root.constructor}}",
      "{{lookup this 'constructor'}}",
      "{{#with this}}{{constructor}}{{/with}}",
      "{{#each this}}{{this}}{{/each}}",
      "{{> evil}}",
    ])("%s is refused with a TemplateError", (source) => {
      expect(() => renderTemplate(source, {})).toThrow(TemplateError)
    })

    it("refuses a parse error with a TemplateError", () => {
      expect(() => renderTemplate("{{#if x}}", {})).toThrow("Template syntax error: Parse error")
    })

    it("does not let a value named like a prototype key change the fallbacks", () => {
      expect(renderTemplate("{{first_name}} {{constructor}}", { constructor: "" })).toBe("there")
    })
  })

  it("renders the same template with different values from the cache", () => {
    const source = "{{brand}}: hi {{first_name}}"
    expect(renderTemplate(source, { brand: "A", first_name: "X" })).toBe("A: hi X")
    expect(renderTemplate(source, { brand: "B" })).toBe("B: hi there")
  })

  it("keeps working past the cache limit", () => {
    for (let index = 0; index < 600; index++) {
      expect(renderTemplate(`#${index} {{first_name}}`, {})).toBe(`#${index} there`)
    }
    expect(renderTemplate("#0 {{first_name}}", { first_name: "Z" })).toBe("#0 Z")
  })

  it("does not use helpers registered on the global Handlebars", () => {
    Handlebars.registerHelper("shout", () => "HACKED")
    expect(() => renderTemplate("{{shout first_name}}", {})).toThrow(TemplateError)
    Handlebars.unregisterHelper("shout")
  })
})

describe("templateVariables", () => {
  it.each([
    ["plain variables, once each", "{{brand}}: {{first_name}} {{link}} {{first_name}}", ["brand", "first_name", "link"]],
    ["a block's condition and body", "{{#if stock_left}}Only {{stock_left}} {{low_stock_item}}{{/if}}", ["stock_left", "low_stock_item"]],
    ["an {{else}} branch", "{{#unless is_returning}}x{{else}}{{orders_count}}{{/unless}}", ["is_returning", "orders_count"]],
    ["a hook's variable", "{{store_hours}}", ["store_hours"]],
    ["no variables", "Hello", []],
    ["a template that does not parse", "{{#if stock_left}}", []],
  ])("lists %s", (_label, source, expected) => {
    expect(templateVariables(source)).toEqual(expected)
  })
})
