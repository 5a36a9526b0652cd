/**
 * The one order of a campaign's steps and variants. Which variant a cart gets depends on the
 * order the variants are weighed in, so every reader (the engine, the admin, the stats) uses
 * this one: by name in code-unit order, never the server's locale, so two workers on
 * differently configured machines pick the same variant for the same cart.
 */
export function byVariantName(a: { name: string | null }, b: { name: string | null }): number {
  const [left, right] = [a.name ?? "", b.name ?? ""]
  return left === right ? 0 : left < right ? -1 : 1
}

/** Steps by their position in the campaign. */
export function byStepPosition(a: { position: number }, b: { position: number }): number {
  return a.position - b.position
}

/** A campaign's steps by position, each with its variants by name; the input is not changed. */
export function orderCampaignSteps<Variant extends { name: string }, Step extends { position: number; variants: readonly Variant[] }>(
  steps: readonly Step[]
): (Step & { variants: Variant[] })[] {
  return [...steps].sort(byStepPosition).map((step) => ({ ...step, variants: [...step.variants].sort(byVariantName) }))
}
