const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

// Medusa's ORM keeps model metadata in a process-wide store; a second app booted in the same
// jest worker fails to load its modules unless the store starts empty.
MetadataStorage.clear()
