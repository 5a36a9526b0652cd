import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { Consent } from "../../src/modules/sms_recovery/models/consent"
import { ConsentEvent } from "../../src/modules/sms_recovery/models/consent-event"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"

jest.setTimeout(60_000)

const options = {
  brandName: "Acme",
  storefrontUrl: "https://shop.example.com",
  publicUrl: "https://api.example.com",
  linkSecret: "a-link-secret-that-is-long-enough-0123",
}

moduleIntegrationTestRunner<SmsRecoveryModuleService>({
  moduleName: SMS_RECOVERY_MODULE,
  moduleModels: [Consent, ConsentEvent],
  resolve: "./src/modules/sms_recovery",
  moduleOptions: options,
  testSuite: ({ service }) => {
    it("exposes the validated options with their defaults", () => {
      expect(service.getOptions()).toMatchObject({
        brandName: "Acme",
        recoveryPath: "/cart/recover/{token}",
        defaultCountry: "US",
        defaultTimezone: "America/New_York",
      })
    })

    it("keeps one consent per phone number", async () => {
      await service.createConsents({ phone: "+14155550123", status: "pending" })
      await expect(
        service.createConsents({ phone: "+14155550123", status: "opted_in" })
      ).rejects.toThrow(/already exists/)
    })

    it("records ledger events against their consent", async () => {
      const consent = await service.createConsents({ phone: "+14155550123", status: "pending" })
      await service.createConsentEvents({
        consent_id: consent.id,
        phone: consent.phone,
        type: "requested",
        channel: "checkout",
        consent_text: "Text me cart reminders",
        occurred_at: new Date("2026-11-27T12:00:00Z"),
      })

      const [withEvents] = await service.listConsents(
        { phone: "+14155550123" },
        { relations: ["events"] }
      )
      expect(withEvents.events).toEqual([
        expect.objectContaining({ type: "requested", channel: "checkout" }),
      ])
    })

    it("refuses a status outside the consent state machine", async () => {
      await expect(
        service.createConsents({ phone: "+14155550124", status: "maybe" as "pending" })
      ).rejects.toThrow()
    })
  },
})
