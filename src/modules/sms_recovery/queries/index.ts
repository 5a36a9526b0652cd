export * from "./messages"
export * from "./stats"
export * from "./tracking"
export * from "./consent"
