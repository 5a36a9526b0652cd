import { TEST_TEXT_TRIGGER } from "./test-text"

/** The `trigger_type` of a cart reminder's notification. */
export const REMINDER_TRIGGER = "sms-cart-recovery"

/**
 * The `trigger_type` of a compliance text: a double opt-in request, an opt-in or opt-out
 * confirmation, a HELP reply.
 */
export const CONSENT_TEXT_TRIGGER = "sms-consent"

/**
 * Every `trigger_type` under which the plugin has Medusa's notification module text a number,
 * so every notification that holds a number the plugin texted (in `to`, and a reminder's text
 * in `data`) is found by it. A store's own texts through the same provider carry other
 * triggers and stay the store's.
 */
export const TEXT_TRIGGERS: readonly string[] = [REMINDER_TRIGGER, CONSENT_TEXT_TRIGGER, TEST_TEXT_TRIGGER]
