type Raw = { raw: (sql: string, bindings?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }

/** A column in which some row holds one of the strings looked for. */
export type ColumnHit = {
  /** `table.column`. */
  column: string
  /** The strings found in it. */
  found: string[]
}

const TEXT_TYPES = ["text", "character varying", "character", "json", "jsonb"]
const TEXT_ARRAY_TYPES = ["_text", "_varchar"]

/**
 * Every text, varchar, char, json and jsonb column (and text array) of every table of the
 * database's schema, searched for each string as a substring of the column's text form: the
 * columns where some row holds one, with what was found there. One statement per table.
 */
export async function findInEveryTable(db: Raw, needles: string[]): Promise<ColumnHit[]> {
  const hits: ColumnHit[] = []
  for (const [table, names] of await searchedColumns(db)) {
    const counts = names.flatMap((name, c) =>
      needles.map((_, n) => `count(*) FILTER (WHERE strpos("${name}"::text, ?) > 0) AS "c${c}_${n}"`)
    )
    const { rows } = await db.raw(
      `SELECT ${counts.join(", ")} FROM "${table}"`,
      names.flatMap(() => needles)
    )
    names.forEach((name, c) => {
      const found = needles.filter((_, n) => Number(rows[0][`c${c}_${n}`]) > 0)
      if (found.length) {
        hits.push({ column: `${table}.${name}`, found })
      }
    })
  }
  return hits
}

/** The columns `findInEveryTable` searches, by table. */
export async function searchedColumns(db: Raw): Promise<Map<string, string[]>> {
  const { rows } = await db.raw(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema()
        AND (c.data_type::text = ANY (?::text[]) OR (c.data_type = 'ARRAY' AND c.udt_name::text = ANY (?::text[])))
      ORDER BY c.table_name, c.ordinal_position`,
    [TEXT_TYPES, TEXT_ARRAY_TYPES]
  )
  const byTable = new Map<string, string[]>()
  for (const { table_name, column_name } of rows as { table_name: string; column_name: string }[]) {
    byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name])
  }
  return byTable
}
