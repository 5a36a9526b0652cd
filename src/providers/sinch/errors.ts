/**
 * How a `lookup_only` request that found nothing fails. Callers see it through the
 * notification module, which passes on only the text of a provider's error.
 */
export const SINCH_HAS_NO_BATCH = "Sinch has no batch with the reference"
