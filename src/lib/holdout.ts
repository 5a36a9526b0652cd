import { createHmac } from "node:crypto"

/** The most of a campaign's recoveries that may be held out. */
export const MAX_HOLDOUT_PERCENT = 50

/**
 * A cart's place in a campaign's population, 0-99: the keyed hash (HMAC-SHA256 under the
 * store's secret) of the campaign and the cart. Keyed, so nobody outside the store can tell from
 * a cart id which group it falls in; per campaign, so each campaign's holdout is a fresh draw.
 */
export function holdoutBucket(secret: string, campaignId: string, cartId: string): number {
  const digest = createHmac("sha256", secret).update(`sms-recovery:holdout:${campaignId}:${cartId}`, "utf8").digest()
  // 32 bits scaled to 0-99: the bias against any bucket is below one in forty million.
  return Math.floor((digest.readUInt32BE(0) * 100) / 2 ** 32)
}

/**
 * Whether a cart's recovery in this campaign is held out (recorded, never texted): the same
 * answer for the same cart and campaign every time, for about `percent` % of carts.
 */
export function isHeldOut(secret: string, campaignId: string, cartId: string, percent: number): boolean {
  return percent > 0 && holdoutBucket(secret, campaignId, cartId) < percent
}
