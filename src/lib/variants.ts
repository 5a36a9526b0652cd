import { createHash } from "node:crypto"

export type WeightedVariant = {
  id: string
  weight: number
}

/**
 * Picks a variant for an A/B test, deterministically: the same seed (a cart and a step) always
 * gets the same variant, so a retried or re-rendered reminder never switches text, and seeds
 * spread over the variants in proportion to their weights.
 */
export function pickVariant<T extends WeightedVariant>(variants: readonly T[], seed: string): T {
  const eligible = variants.filter((variant) => variant.weight > 0)
  if (!eligible.length) {
    throw new Error("A step needs at least one variant with a positive weight")
  }
  const total = eligible.reduce((sum, variant) => sum + variant.weight, 0)
  let point = unitInterval(seed) * total
  for (const variant of eligible) {
    point -= variant.weight
    if (point < 0) {
      return variant
    }
  }
  return eligible[eligible.length - 1]
}

/**
 * The variant a cart gets at a step, fixed for the episode: the same one decides when the step
 * is sent and what it says, so a timing arm is reported as the variant whose text went out.
 */
export function assignedVariant<T extends WeightedVariant>(
  step: { position: number; variants: readonly T[] },
  cartId: string
): T {
  return pickVariant(step.variants, `${cartId}:step:${step.position}`)
}

/** A uniform number in [0, 1) from the first 52 bits of the seed's SHA-256. */
function unitInterval(seed: string): number {
  const digest = createHash("sha256").update(seed).digest()
  const high = digest.readUInt32BE(0) >>> 12 // 20 bits
  const low = digest.readUInt32BE(4) // 32 bits
  return (high * 2 ** 32 + low) / 2 ** 52
}
