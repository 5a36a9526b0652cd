import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The README's registration, as a store writes it, plus what serving the admin over plain
 * http on this machine needs (a non-Secure session cookie) and the Sinch simulator's address.
 */
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
    cookieOptions: { secure: false, sameSite: "lax" },
  },
  plugins: [
    {
      resolve: "medusa-sms-cart-recovery",
      options: {
        brandName: "Acme",
        storefrontUrl: "https://acme.example",
        publicUrl: process.env.PUBLIC_URL || "http://localhost:9000",
        linkSecret: process.env.SMS_LINK_SECRET, // at least 32 characters
        sinchWebhookSecret: process.env.SINCH_WEBHOOK_SECRET, // optional
        supportContact: "help@acme.example",
      },
    },
  ],
  modules: [
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          // Keep the default provider on "feed": the admin's notification panel uses it.
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { channels: ["feed"] },
          },
          {
            resolve: "medusa-sms-cart-recovery/providers/sinch",
            id: "sinch",
            options: {
              channels: ["sms"],
              servicePlanId: process.env.SINCH_SERVICE_PLAN_ID,
              apiToken: process.env.SINCH_API_TOKEN,
              region: "us",
              from: process.env.SINCH_FROM, // e.g. +12025550100
              smsHostname: process.env.SINCH_SMS_HOSTNAME,
            },
          },
        ],
      },
    },
  ],
})
