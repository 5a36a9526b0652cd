import type { LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RECOVERY_PATH_CART_ID, RECOVERY_PATH_TOKEN } from "../../../lib/recovery-link"
import { parseSmsRecoveryOptions } from "../options"

/** Stops boot with a message naming the bad option, before anything can be sent with it. */
export default async function validateOptionsLoader({ options, container }: LoaderOptions) {
  const { recoveryPath } = parseSmsRecoveryOptions(options)
  if (recoveryPath.includes(RECOVERY_PATH_CART_ID) && !recoveryPath.includes(RECOVERY_PATH_TOKEN)) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `medusa-sms-cart-recovery: "recoveryPath" puts the raw cart id in recovery URLs, where it opens the guest's email, address and phone to anyone holding the URL. Use ${RECOVERY_PATH_TOKEN} and exchange it with POST /store/sms-recovery/cart-token (see the README's Storefront section).`
      )
  }
}
