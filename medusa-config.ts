import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The repository root is also a Medusa app: the demo and the integration tests run it. It
 * registers the plugin's module and the Sinch provider from `./src` directly; a store
 * registers them from the package instead (see the README).
 */
const env = process.env
const redisUrl = env.REDIS_URL

/**
 * With REDIS_URL set the app can run as one server plus workers (MEDUSA_WORKER_MODE): events,
 * workflow runs, the cache and locks (the consent lock a STOP and a send share) live in Redis
 * instead of one process's memory. Without it, as in the tests, everything stays in memory.
 */
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } },
          ],
        },
      },
    ]
  : []

export default defineConfig({
  projectConfig: {
    databaseUrl: env.DATABASE_URL,
    redisUrl,
    workerMode: (env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server") || "shared",
    http: {
      storeCors: env.STORE_CORS || "http://localhost:8000",
      adminCors: env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: env.AUTH_CORS || "http://localhost:9000,http://localhost:5173,http://localhost:8000",
      jwtSecret: env.JWT_SECRET || "supersecret",
      cookieSecret: env.COOKIE_SECRET || "supersecret",
    },
    // The local app is served over plain http; a Secure cookie would never be sent back.
    cookieOptions: { secure: false, sameSite: "lax" },
  },
  admin: {
    disable: env.MEDUSA_ADMIN_DISABLED === "true",
  },
  modules: [
    ...redisModules,
    {
      resolve: "./src/modules/sms_recovery",
      options: {
        brandName: env.SMS_BRAND_NAME || "Acme",
        storefrontUrl: env.STOREFRONT_URL || "http://localhost:8000",
        publicUrl: env.MEDUSA_PUBLIC_URL || "http://localhost:9000",
        linkSecret: env.SMS_LINK_SECRET || "local-development-link-secret-0123456789",
        sinchWebhookSecret: env.SINCH_WEBHOOK_SECRET || undefined,
        defaultCountry: env.SMS_DEFAULT_COUNTRY || "US",
        defaultTimezone: env.SMS_DEFAULT_TIMEZONE || "America/New_York",
        supportContact: env.SMS_SUPPORT_CONTACT || "support@example.com",
        extraTemplateVariables: (env.SMS_EXTRA_TEMPLATE_VARIABLES || "").split(",").filter(Boolean),
        trustedProxyHops: env.SMS_TRUSTED_PROXY_HOPS ? Number(env.SMS_TRUSTED_PROXY_HOPS) : undefined,
        confirmationTextsPerHour: env.SMS_CONFIRMATION_TEXTS_PER_HOUR
          ? Number(env.SMS_CONFIRMATION_TEXTS_PER_HOUR)
          : undefined,
        confirmationTextsPerCountryPerHour: env.SMS_CONFIRMATION_TEXTS_PER_COUNTRY_PER_HOUR
          ? Number(env.SMS_CONFIRMATION_TEXTS_PER_COUNTRY_PER_HOUR)
          : undefined,
        confirmationCountries: env.SMS_CONFIRMATION_COUNTRIES?.split(",").filter(Boolean),
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            // NOTIFICATION_LOCAL_CHANNELS=feed,email lets it serve the campaign's email steps.
            options: { channels: (env.NOTIFICATION_LOCAL_CHANNELS || "feed").split(",").filter(Boolean) },
          },
          {
            resolve: "./src/providers/sinch",
            id: "sinch",
            options: {
              channels: ["sms"],
              servicePlanId: env.SINCH_SERVICE_PLAN_ID || "sim-plan",
              apiToken: env.SINCH_API_TOKEN || "sim-token",
              region: env.SINCH_REGION || "us",
              from: env.SINCH_FROM || "+12025550100",
              smsHostname: env.SINCH_SMS_HOSTNAME || "http://127.0.0.1:4599",
              timeoutMs: Number(env.SINCH_TIMEOUT_MS || 10_000),
              maxRetries: Number(env.SINCH_MAX_RETRIES || 3),
            },
          },
        ],
      },
    },
  ],
})
