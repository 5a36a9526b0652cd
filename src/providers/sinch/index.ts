import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { SinchNotificationService } from "./service"

export default ModuleProvider(Modules.NOTIFICATION, {
  services: [SinchNotificationService],
})
