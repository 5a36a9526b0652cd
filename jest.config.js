const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const groups = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s", "**/sinch-simulator/**/__tests__/**/*.unit.spec.[jt]s"],
  "integration:modules": ["**/integration-tests/modules/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
}

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true }, target: "es2021" } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.pg-data/", "<rootDir>/.demo/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: groups[process.env.TEST_TYPE] ?? Object.values(groups).flat(),
}
