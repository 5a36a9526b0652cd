import {
  validateTemplate,
  type TemplateRules,
  type TemplateValidationError,
} from "../../lib/template"

/** The plugin options that decide which templates may be saved. */
export type TemplateOptions = {
  brandName: string
  /** Variables a developer's `reminderData` hook supplies. */
  extraTemplateVariables?: string[]
}

export type TemplateCheck = {
  /** The opt-out line the text must end with: the campaign's `opt_out_line`. */
  optOutLine: string
  /** The step's channel: only `sms` texts must carry the brand and the opt-out line. */
  channel: string
}

/**
 * What keeps a template from being saved, one phrase per problem (`unknown variables: coupon,
 * firstname`, `must start with the brand "Acme" or {{brand}}`); empty when it may be saved.
 * Every template must parse and use only known variables; only SMS texts are held to the
 * brand and opt-out rules.
 */
export function templateProblems(
  template: string,
  options: TemplateOptions,
  check: TemplateCheck
): string[] {
  const rules: TemplateRules = {
    brand: options.brandName,
    optOutLine: check.optOutLine,
    extraVariables: options.extraTemplateVariables ?? [],
  }
  const result = validateTemplate(template, rules)
  if (result.ok) {
    return []
  }
  return result.errors
    .filter((error) => check.channel === "sms" || !isComplianceError(error))
    .map((error) => describe(error, rules))
}

/** `path: problem` for each problem, joined the way Medusa joins validation issues. */
export function formatProblems(path: string, problems: string[]): string {
  return problems.map((problem) => `${path}: ${problem}`).join("; ")
}

function isComplianceError(error: TemplateValidationError): boolean {
  return error.code === "missing_brand_prefix" || error.code === "missing_opt_out"
}

function describe(error: TemplateValidationError, rules: TemplateRules): string {
  switch (error.code) {
    case "unknown_variables":
      return `unknown variables: ${(error.variables ?? []).join(", ")}`
    case "missing_brand_prefix":
      return `must start with the brand "${rules.brand}" or {{brand}}`
    case "missing_opt_out":
      return `must end with "${rules.optOutLine}"`
    case "syntax":
      return error.message
  }
}
