import Handlebars from "handlebars"

/** Variables every reminder template can use; hooks may add more. */
export const TEMPLATE_VARIABLES = [
  "first_name",
  "brand",
  "link",
  "item_count",
  "top_item",
  "cart_total",
  "discount_code",
  "discount_value",
  "expires_at",
  "stock_left",
  "low_stock_item",
  "is_returning",
  "orders_count",
] as const

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]

/**
 * What a variable renders as when its value is missing or blank. `{{#if x}}` / `{{#unless x}}`
 * test the real value, not the fallback, so `{{#if first_name}}` is false for a guest.
 * Variables added by hooks fall back to `""`.
 *
 * | variable         | fallback       | note                                         |
 * |------------------|----------------|----------------------------------------------|
 * | `first_name`     | `there`        | "Hi there"                                   |
 * | `brand`          | `""`           | always set from the `brandName` option       |
 * | `link`           | `""`           | always set: the tracked recovery link        |
 * | `item_count`     | `some`         | "You left some items"                        |
 * | `top_item`       | `your items`   | "Still thinking about your items?"           |
 * | `cart_total`     | `""`           | formatted in the cart currency when known    |
 * | `discount_code`  | `""`           | guard with `{{#if discount_code}}`           |
 * | `discount_value` | `""`           | e.g. `10%`, `$5`; guard it likewise          |
 * | `expires_at`     | `soon`         | "Code expires soon"                          |
 * | `stock_left`     | `""`           | guard with `{{#if stock_left}}`: 0 is false  |
 * | `low_stock_item` | `your items`   | the item `stock_left` counts                 |
 * | `is_returning`   | `""`           | `yes` once the shopper has bought before     |
 * | `orders_count`   | `0`            | the shopper's orders, canceled not counted   |
 */
export const TEMPLATE_FALLBACKS: Readonly<Record<TemplateVariable, string>> = {
  first_name: "there",
  brand: "",
  link: "",
  item_count: "some",
  top_item: "your items",
  cart_total: "",
  discount_code: "",
  discount_value: "",
  expires_at: "soon",
  stock_left: "",
  low_stock_item: "your items",
  is_returning: "",
  orders_count: "0",
}

export type TemplateValues = Record<string, string | number | null | undefined>

export type TemplateErrorCode =
  | "unknown_variables"
  | "syntax"
  | "missing_brand_prefix"
  | "missing_opt_out"

export type TemplateValidationError = {
  code: TemplateErrorCode
  message: string
  /** For `unknown_variables`: each unknown name once, in order of appearance. */
  variables?: string[]
}

export type TemplateValidationResult =
  | { ok: true }
  | { ok: false; errors: TemplateValidationError[] }

export type TemplateRules = {
  /** The store's brand; the template must start with it or with `{{brand}}`. */
  brand: string
  /** The opt-out line the template must end with, e.g. "Reply STOP to opt out". */
  optOutLine: string
  /** Variables a developer's hook adds. */
  extraVariables?: string[]
}

/** A template that cannot be rendered safely: a syntax error or a construct that is not allowed. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "TemplateError"
  }
}

/** A Map, so a variable named `constructor` finds no inherited fallback. */
const FALLBACKS: ReadonlyMap<string, string> = new Map(Object.entries(TEMPLATE_FALLBACKS))
const BLOCK_HELPERS = new Set(["if", "unless"])
/** Conditions read this key, so `{{#if x}}` sees the value before its fallback. */
const PRESENCE_PREFIX = "?"
const CACHE_LIMIT = 500
const COMPILE_OPTIONS: CompileOptions = {
  noEscape: true,
  strict: false,
  knownHelpersOnly: true,
  data: false,
}
const RUNTIME_OPTIONS: RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
}
/** Whitespace and sentence punctuation allowed after the opt-out line. */
const TRAILING_PUNCTUATION = /[\s.!?…,;:'"’”)]+$/u
const BRAND_VARIABLE_PREFIX = /^\{\{\{?~?\s*brand\s*~?\}?\}\}/

/** An isolated instance: helpers registered elsewhere in the process never reach templates. */
const handlebars = Handlebars.create()
const compiledTemplates = new Map<string, HandlebarsTemplateDelegate>()
const readVariables = new Map<string, string[]>()

type AstNode = hbs.AST.Node
type Usage = { variables: string[]; violations: string[] }

/**
 * Checks a template before it is saved: it parses, uses only known variables
 * (each unknown one listed), uses no helper but `{{#if variable}}` / `{{#unless variable}}`
 * (with `{{else}}`), no partials and no paths (`a.b`, `this`, `@root`, `../`), starts with the
 * brand and ends with the opt-out line.
 */
export function validateTemplate(source: string, rules: TemplateRules): TemplateValidationResult {
  const known = new Set<string>([...TEMPLATE_VARIABLES, ...(rules.extraVariables ?? [])])
  const errors = [...structureErrors(source, known), ...complianceErrors(source, rules)]
  return errors.length === 0 ? { ok: true } : { ok: false, errors }
}

/**
 * The variables a template reads, in blocks' conditions too, each once in order of appearance;
 * empty for a template that does not parse. Lets the engine skip looking up a costly value
 * that no text will show. Cached like compiled templates.
 */
export function templateVariables(source: string): string[] {
  return cachedBySource(readVariables, source, (template) => {
    try {
      return collectUsage(handlebars.parse(template)).variables
    } catch {
      return []
    }
  })
}

/**
 * Renders a template as plain SMS text: nothing is HTML-escaped (`&` stays `&`), values are
 * trimmed, missing or blank ones take their fallback, runs of spaces left by empty values
 * collapse to one and the result is trimmed. Compiled templates are cached (500, least
 * recently used evicted). Throws `TemplateError` for a template `validateTemplate` refuses as
 * `syntax`; unknown variables render as `""`.
 */
export function renderTemplate(source: string, variables: TemplateValues): string {
  const render = compiled(source)
  return tidy(render(templateContext(variables), RUNTIME_OPTIONS))
}

function structureErrors(source: string, known: ReadonlySet<string>): TemplateValidationError[] {
  let program: hbs.AST.Program
  try {
    program = handlebars.parse(source)
  } catch (error) {
    return [{ code: "syntax", message: `Template syntax error: ${errorMessage(error)}` }]
  }
  const usage = collectUsage(program)
  const errors: TemplateValidationError[] = usage.violations.map((message) => ({
    code: "syntax",
    message,
  }))
  const unknown = usage.variables.filter((name) => !known.has(name))
  if (unknown.length > 0) {
    errors.push({
      code: "unknown_variables",
      message: `Unknown template variables: ${unknown.join(", ")}`,
      variables: unknown,
    })
  }
  return errors
}

function complianceErrors(source: string, rules: TemplateRules): TemplateValidationError[] {
  const errors: TemplateValidationError[] = []
  if (!startsWithBrand(source, rules.brand)) {
    errors.push({
      code: "missing_brand_prefix",
      message: `The text must start with the brand: "{{brand}}" or "${rules.brand}"`,
    })
  }
  if (!endsWithOptOut(source, rules.optOutLine)) {
    errors.push({
      code: "missing_opt_out",
      message: `The text must end with the opt-out line "${rules.optOutLine}"`,
    })
  }
  return errors
}

function startsWithBrand(source: string, brand: string): boolean {
  const text = source.trimStart()
  if (BRAND_VARIABLE_PREFIX.test(text)) {
    return true
  }
  const brandText = brand.trim()
  if (!brandText || !text.toLowerCase().startsWith(brandText.toLowerCase())) {
    return false
  }
  return !isWordCharacter(text.charAt(brandText.length))
}

function endsWithOptOut(source: string, optOutLine: string): boolean {
  const line = comparable(optOutLine)
  if (!line) {
    throw new Error("optOutLine must not be empty")
  }
  const text = comparable(source)
  if (!text.endsWith(line)) {
    return false
  }
  return !isWordCharacter(text.charAt(text.length - line.length - 1))
}

function comparable(text: string): string {
  return text.replace(TRAILING_PUNCTUATION, "").replace(/\s+/g, " ").trim().toLowerCase()
}

function isWordCharacter(char: string): boolean {
  return /[\p{L}\p{N}_]/u.test(char)
}

/** Walks the AST: which variables it reads, and every construct it may not use. */
function collectUsage(program: hbs.AST.Program): Usage {
  const usage: Usage = { variables: [], violations: [] }
  visitProgram(program, usage)
  return { variables: distinct(usage.variables), violations: distinct(usage.violations) }
}

function visitProgram(program: hbs.AST.Program | undefined, usage: Usage): void {
  for (const statement of program?.body ?? []) {
    visitStatement(statement, usage)
  }
}

function visitStatement(node: AstNode, usage: Usage): void {
  switch (node.type) {
    case "ContentStatement":
    case "CommentStatement":
      return
    case "MustacheStatement":
      return visitMustache(node as hbs.AST.MustacheStatement, usage)
    case "BlockStatement":
      return visitBlock(node as hbs.AST.BlockStatement, usage)
    case "PartialStatement":
    case "PartialBlockStatement":
      usage.violations.push("Partials ({{> name}}) are not allowed")
      return
    default:
      usage.violations.push(`"${node.type}" is not allowed in a template`)
  }
}

function visitMustache(node: hbs.AST.MustacheStatement, usage: Usage): void {
  const name = plainVariable(node.path)
  if (name === undefined) {
    usage.violations.push(
      `"{{${describe(node.path)}}}" is not allowed: use a variable by name, e.g. {{first_name}}`
    )
    return
  }
  if (node.params.length > 0 || node.hash) {
    usage.violations.push(`"{{${name} …}}" is not allowed: helpers cannot be used, only variables`)
    return
  }
  usage.variables.push(name)
}

function visitBlock(node: hbs.AST.BlockStatement, usage: Usage): void {
  const helper = node.path.original
  if (!BLOCK_HELPERS.has(helper) || node.path.parts.length !== 1) {
    usage.violations.push(
      `"{{#${helper}}}" is not allowed: the only blocks are {{#if variable}} and {{#unless variable}}`
    )
    return
  }
  const [condition, ...extra] = node.params
  const name = condition ? plainVariable(condition) : undefined
  if (name === undefined || extra.length > 0 || node.hash) {
    usage.violations.push(
      `"{{#${helper}}}" takes exactly one variable, e.g. {{#${helper} discount_code}}`
    )
  } else {
    usage.variables.push(name)
  }
  visitProgram(node.program, usage)
  visitProgram(node.inverse, usage)
}

/** The name of a plain, top-level variable; `undefined` for `a.b`, `this`, `@x`, `../x`, literals. */
function plainVariable(expression: AstNode): string | undefined {
  if (expression.type !== "PathExpression") {
    return undefined
  }
  const path = expression as hbs.AST.PathExpression
  const [name] = path.parts
  const isPlain = !path.data && path.depth === 0 && path.parts.length === 1 && path.original === name
  return isPlain ? name : undefined
}

/** How the author wrote an expression (paths and literals keep their source text). */
function describe(expression: AstNode): string {
  const { original } = expression as { original?: unknown }
  return original === undefined ? expression.type : String(original)
}

function compiled(source: string): HandlebarsTemplateDelegate {
  return cachedBySource(compiledTemplates, source, compile)
}

/** A value derived from a template's source, cached: least recently used evicted past 500. */
function cachedBySource<T>(cache: Map<string, T>, source: string, derive: (source: string) => T): T {
  const cached = cache.get(source)
  if (cached !== undefined) {
    // Re-inserting marks it most recently used, so the Map's first key is the eviction candidate.
    cache.delete(source)
    cache.set(source, cached)
    return cached
  }
  const value = derive(source)
  if (cache.size >= CACHE_LIMIT) {
    cache.delete(cache.keys().next().value as string)
  }
  cache.set(source, value)
  return value
}

function compile(source: string): HandlebarsTemplateDelegate {
  let program: hbs.AST.Program
  try {
    program = handlebars.parse(source)
  } catch (error) {
    throw new TemplateError(`Template syntax error: ${errorMessage(error)}`)
  }
  const { violations } = collectUsage(program)
  if (violations.length > 0) {
    throw new TemplateError(violations.join("; "))
  }
  readConditionsFromPresence(program)
  return handlebars.compile(program, COMPILE_OPTIONS)
}

/** Points every `{{#if x}}` / `{{#unless x}}` at `x`'s value before fallback. */
function readConditionsFromPresence(program: hbs.AST.Program | undefined): void {
  for (const statement of program?.body ?? []) {
    if (statement.type !== "BlockStatement") {
      continue
    }
    const block = statement as hbs.AST.BlockStatement
    const condition = block.params[0] as hbs.AST.PathExpression
    const key = `${PRESENCE_PREFIX}${condition.parts[0]}`
    block.params[0] = { ...condition, parts: [key], original: key } as hbs.AST.PathExpression
    readConditionsFromPresence(block.program)
    readConditionsFromPresence(block.inverse)
  }
}

/** A prototype-less context holding only own, named values: nothing inherited to reach. */
function templateContext(variables: TemplateValues): Record<string, string | number> {
  const context: Record<string, string | number> = Object.create(null)
  const names = distinct([...TEMPLATE_VARIABLES, ...Object.keys(variables)])
  for (const name of names) {
    const value = presentValue(variables[name])
    context[name] = value ?? fallbackFor(name)
    context[`${PRESENCE_PREFIX}${name}`] = value ?? ""
  }
  return context
}

function presentValue(value: string | number | null | undefined): string | number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : undefined
  }
  const text = value?.trim()
  return text ? text : undefined
}

function fallbackFor(name: string): string {
  return FALLBACKS.get(name) ?? ""
}

/** Collapses the double spaces an empty value leaves ("Hi  there"), per line, and trims. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n[ \t]+/g, "\n")
    .trim()
}

function distinct(values: string[]): string[] {
  return [...new Set(values)]
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
