import { notificationFailures } from "../hand-over-message"

describe("notificationFailures", () => {
  it("splits the notification module's joined error into each notification's own message", () => {
    const message = [
      "Failed to send notification with id noti_01A:",
      "Sinch answered 429: too many requests",
      "Failed to send notification with id noti_01B:",
      "Sinch answered 500:",
      "internal error",
    ].join("\n")
    const failures = notificationFailures(message)
    expect([...failures.keys()]).toEqual(["noti_01A", "noti_01B"])
    expect(failures.get("noti_01A")).toBe("Sinch answered 429: too many requests")
    expect(failures.get("noti_01B")).toBe("Sinch answered 500:\ninternal error")
  })

  it("finds nothing in an error that is not a send failure", () => {
    expect(notificationFailures("Could not find a notification provider for channel: email").size).toBe(0)
  })
})
