import type { RateLimit } from "./rate-limit"

/**
 * The `trigger_type`, `template` and Sinch `client_reference` prefix of an admin's test text,
 * so a test is told apart from a reminder wherever it shows up.
 */
export const TEST_TEXT_TRIGGER = "sms-recovery-test"

/**
 * Test texts per admin user: enough to try every variant of a campaign, too few for the
 * dashboard to be used to send texts in bulk.
 */
export const TEST_TEXT_RATE_LIMIT: RateLimit = { limit: 5, windowSeconds: 15 * 60 }
