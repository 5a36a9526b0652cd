import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConfirmationWithheld } from "../../lib/confirmation-gate"
import { maskPhone } from "../../lib/phone"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type ReserveConfirmationTextStepInput = {
  /** The consent whose number is to be asked to confirm. */
  consent_id: string
  /** The number in E.164, for log lines (masked). */
  phone: string
  /** The number's country (ISO 3166-1 alpha-2), when its numbering plan tells it. */
  country: string | null
  at: Date
}

export type ReserveConfirmationTextStepOutput = {
  /** Whether the double opt-in text may be sent; it is then counted as sent. */
  send: boolean
  /** Why not, when it may not. */
  withheld: ConfirmationWithheld | null
  /** When the number was last sent a confirmation text before this request. */
  previous_sent_at: Date | null
}

type Reservation = { consent_id: string; previous_sent_at: Date | null; reserved: boolean }

const WITHHELD_LOG: Record<Exclude<ConfirmationWithheld, "recently_sent">, string> = {
  country_not_served: "its country is not one the store's regions (or `confirmationCountries`) serve",
  hourly_ceiling: "the store-wide ceiling of confirmation texts per hour (`confirmationTextsPerHour`) is reached",
  country_ceiling:
    "the ceiling of confirmation texts per hour to its country (`confirmationTextsPerCountryPerHour`) is reached",
}

export const reserveConfirmationTextStepId = "reserve-sms-confirmation-text"
/**
 * This step decides whether a double opt-in text may go to a number now and, when it may,
 * counts it as sent: only to countries the store sells to (its regions' countries, or the
 * `confirmationCountries` option), at most once a day per number, and under the store-wide
 * hourly ceilings (`confirmationTextsPerHour`, `confirmationTextsPerCountryPerHour`), counted
 * in the database so they hold across instances. A text withheld for any reason but a recent
 * one is logged with the number masked.
 *
 * Compensation gives the reservation back.
 */
export const reserveConfirmationTextStep = createStep(
  reserveConfirmationTextStepId,
  async (input: ReserveConfirmationTextStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const options = smsRecovery.getOptions()
    const served = options.confirmationCountries ?? (await regionCountries(container))
    const { decision, previous_sent_at } = await smsRecovery.reserveConfirmationText({
      consent_id: input.consent_id,
      country: input.country,
      served_countries: served,
      ceilings: {
        perHour: options.confirmationTextsPerHour,
        perCountryPerHour: options.confirmationTextsPerCountryPerHour,
      },
      at: new Date(input.at),
    })
    if (!decision.send) {
      if (decision.reason !== "recently_sent") {
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(
            `No double opt-in text to ${maskPhone(input.phone)} (${input.country ?? "unknown country"}): ${WITHHELD_LOG[decision.reason]}; the consent stays pending`
          )
      }
      return new StepResponse<ReserveConfirmationTextStepOutput, Reservation>(
        { send: false, withheld: decision.reason, previous_sent_at },
        { consent_id: input.consent_id, previous_sent_at, reserved: false }
      )
    }
    return new StepResponse<ReserveConfirmationTextStepOutput, Reservation>(
      { send: true, withheld: null, previous_sent_at },
      { consent_id: input.consent_id, previous_sent_at, reserved: true }
    )
  },
  async (reservation, { container }) => {
    if (!reservation?.reserved) {
      return
    }
    await container
      .resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
      .releaseConfirmationText(reservation.consent_id, reservation.previous_sent_at)
  }
)

async function regionCountries(container: MedusaContainer): Promise<string[]> {
  const regions = await container.resolve(Modules.REGION).listRegions({}, { relations: ["countries"] })
  return regions.flatMap((region) => (region.countries ?? []).map((country) => country.iso_2.toUpperCase()))
}
