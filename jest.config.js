const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const groups = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s", "**/sinch-simulator/**/__tests__/**/*.unit.spec.[jt]s"],
  "integration:modules": ["**/integration-tests/modules/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
}
/** Run by `npm run test:storefront` only: it needs the packed kit and a built test storefront. */
const storefront = ["<rootDir>/integration-tests/storefront/*.spec.[jt]s"]

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true }, target: "es2021" } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: [
    "dist/",
    "<rootDir>/.medusa/",
    "<rootDir>/.pg-data/",
    "<rootDir>/.demo/",
    "<rootDir>/integration-tests/storefront/node_modules/",
    "<rootDir>/integration-tests/storefront/.next/",
  ],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch:
    process.env.TEST_TYPE === "storefront" ? storefront : (groups[process.env.TEST_TYPE] ?? Object.values(groups).flat()),
}
