export { analyzeSegments, type SegmentAnalysis, type SmsEncoding } from "./segments"
export {
  classifyInbound,
  confirmsPendingConsent,
  type InboundClassification,
  type InboundKeyword,
  type MatchedKeyword,
} from "./keywords"
export {
  isValidTimeZone,
  resolveTimeZone,
  timeZoneFromAddress,
  timeZoneFromPhone,
  type ResolvedTimeZone,
  type TimeZoneHints,
  type TimeZoneSource,
} from "./timezone"
export {
  isWithinWindow,
  nextAllowedSendTime,
  parseSendWindow,
  type SendWindow,
} from "./quiet-hours"
export {
  TEMPLATE_FALLBACKS,
  TEMPLATE_VARIABLES,
  TemplateError,
  renderTemplate,
  validateTemplate,
  type TemplateErrorCode,
  type TemplateRules,
  type TemplateValidationError,
  type TemplateValidationResult,
  type TemplateValues,
  type TemplateVariable,
} from "./template"
export {
  currencyFractionDigits,
  formatMoney,
  fromMinorUnits,
  toMinorUnits,
  type DecimalLike,
  type MoneyAmount,
} from "./money"
export {
  maskPhone,
  maskPhonesInText,
  normalizeMsisdn,
  normalizePhone,
  type CountryCode,
  type NormalizedPhone,
} from "./phone"
