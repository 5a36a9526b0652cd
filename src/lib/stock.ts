/** One inventory item a variant is made of, as Medusa links them, with its stock per location. */
export type VariantInventoryItem = {
  variant_id: string
  /** Units of the inventory item that one unit of the variant uses. */
  required_quantity: number
  manage_inventory: boolean
  allow_backorder: boolean
  levels: { location_id: string; stocked_quantity: number; reserved_quantity: number }[]
}

/** A cart line as urgency sees it: what the text calls it and what it is stocked as. */
export type StockedLine = { name: string | null; variant_id: string | null }

export type LowestStock = {
  /** Units still available of the cart's scarcest tracked item; 0 when it has run out. */
  quantity: number
  /** That item's name, as the text names items. */
  item: string | null
}

/**
 * Units of each variant a shopper can still buy, as Medusa's storefront computes a variant's
 * `inventory_quantity`: for each of the variant's inventory items, stocked minus reserved summed
 * over the given stock locations (every location when `locationIds` is `null`), divided by the
 * units one variant uses; the least over its items, never below 0. Variants that do not manage
 * inventory, allow backorders or have no inventory item are left out: nothing runs out for
 * the shopper there.
 */
export function variantAvailability(
  inventoryItems: VariantInventoryItem[],
  locationIds: ReadonlySet<string> | null
): Map<string, number> {
  const available = new Map<string, number>()
  for (const item of inventoryItems) {
    if (!item.manage_inventory || item.allow_backorder) {
      continue
    }
    const units = item.levels
      .filter((level) => locationIds === null || locationIds.has(level.location_id))
      .reduce((sum, level) => sum + Number(level.stocked_quantity) - Number(level.reserved_quantity), 0)
    const required = Number(item.required_quantity) || 1
    const variantUnits = Math.max(0, Math.floor(units / required))
    const known = available.get(item.variant_id)
    available.set(item.variant_id, known === undefined ? variantUnits : Math.min(known, variantUnits))
  }
  return available
}

/**
 * The cart line with the fewest units left among those whose stock is tracked (the first in
 * cart order on a tie); `null` when no line's stock is tracked.
 */
export function lowestStock(lines: StockedLine[], available: ReadonlyMap<string, number>): LowestStock | null {
  let lowest: LowestStock | null = null
  for (const line of lines) {
    const quantity = line.variant_id ? available.get(line.variant_id) : undefined
    if (quantity !== undefined && (lowest === null || quantity < lowest.quantity)) {
      lowest = { quantity, item: line.name }
    }
  }
  return lowest
}
