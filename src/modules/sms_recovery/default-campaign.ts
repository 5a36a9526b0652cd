/**
 * The campaign created, switched off, on first boot: a friendly nudge 30 minutes after the
 * shopper leaves, and a 10% code a day later (outside the US: US numbers get one cart text per
 * abandonment, so their second step is skipped).
 */
export const DEFAULT_CAMPAIGN = {
  name: "Abandoned cart",
  enabled: false,
  abandon_after_minutes: 30,
  max_per_phone_per_24h: 2,
  quiet_hours_start: "09:00",
  quiet_hours_end: "20:00",
  click_window_hours: 120,
  view_window_hours: 24,
  double_opt_in_countries: ["US"],
  opt_out_line: "Reply STOP to opt out",
  steps: [
    {
      position: 1,
      delay_minutes: 0,
      channel: "sms",
      expires_after_hours: 24,
      variants: [
        {
          name: "A",
          weight: 1,
          template:
            "{{brand}}: {{first_name}}, your {{top_item}} is still in your cart: {{link}} Reply STOP to opt out",
        },
      ],
    },
    {
      position: 2,
      delay_minutes: 24 * 60 - 30,
      channel: "sms",
      expires_after_hours: 24,
      incentive_type: "percentage" as const,
      incentive_value: 10,
      incentive_expiry_hours: 48,
      variants: [
        {
          name: "A",
          weight: 1,
          template:
            "{{brand}}: still thinking about your {{top_item}}, {{first_name}}? Take {{discount_value}} off with code {{discount_code}} until {{expires_at}}: {{link}} Reply STOP to opt out",
        },
      ],
    },
  ],
}
