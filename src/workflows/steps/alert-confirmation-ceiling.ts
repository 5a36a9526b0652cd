import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ceilingAlertKey } from "../../lib/confirmation-gate"

export type AlertConfirmationCeilingStepInput = {
  /** The ceiling reached. */
  reason: "hourly_ceiling" | "country_ceiling"
  /** The country of the number refused, for the country ceiling. */
  country: string | null
  at: Date
}

export const alertConfirmationCeilingStepId = "alert-sms-confirmation-ceiling"
/**
 * This step tells the admins, in the Medusa admin's notification feed (channel `feed`,
 * template `admin-ui`, as Medusa's own exports do), that double opt-in texts are being
 * withheld under a ceiling. The notification's idempotency key names the ceiling and the clock
 * hour, so Medusa's notification module sends one alert per ceiling and hour, on every
 * instance, however many opt-ins are refused. A store with no `feed` provider gets the log
 * line only.
 */
export const alertConfirmationCeilingStep = createStep(
  alertConfirmationCeilingStepId,
  async (input: AlertConfirmationCeilingStepInput, { container }) => {
    const at = new Date(input.at)
    const description =
      input.reason === "hourly_ceiling"
        ? "The store-wide ceiling of double opt-in texts per hour is reached (confirmationTextsPerHour). New SMS opt-ins are recorded as pending without a confirmation text until the hour has passed. Many opt-ins at once can be a script pumping texts; check the SMS consents."
        : `The ceiling of double opt-in texts per hour to ${input.country ?? "one country"} is reached (confirmationTextsPerCountryPerHour). New SMS opt-ins of that country are recorded as pending without a confirmation text until the hour has passed. Many opt-ins at once can be a script pumping texts; check the SMS consents.`
    try {
      await container.resolve(Modules.NOTIFICATION).createNotifications([
        {
          to: "",
          channel: "feed",
          template: "admin-ui",
          data: { title: "SMS opt-in texts paused", description },
          idempotency_key: ceilingAlertKey(input.reason, input.country, at),
          trigger_type: "sms-recovery.confirmation-ceiling",
        },
      ])
    } catch (error) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`Could not post the confirmation ceiling alert to the admin feed: ${(error as Error).message}`)
    }
    return new StepResponse(undefined)
  }
)
