import { clientAddress } from "../client-address"

const SOCKET = "10.0.0.5"

describe("clientAddress", () => {
  it.each<[string, string | string[] | undefined, number, string | null]>([
    // Exposed directly: the socket is the client, whatever the header says.
    ["no proxy, no header", undefined, 0, SOCKET],
    ["no proxy, a forged header", "203.0.113.7", 0, SOCKET],
    ["no proxy, a forged chain", "203.0.113.7, 198.51.100.1", 0, SOCKET],
    // One load balancer: it appended the address that connected to it.
    ["one proxy", "203.0.113.7", 1, "203.0.113.7"],
    ["one proxy, a forged entry in front", "6.6.6.6, 203.0.113.7", 1, "203.0.113.7"],
    ["one proxy, several forged entries", "1.1.1.1,2.2.2.2 , 203.0.113.7", 1, "203.0.113.7"],
    ["one proxy, repeated headers", ["6.6.6.6", "203.0.113.7"], 1, "203.0.113.7"],
    ["one proxy, empty entries written by the client", " , ,203.0.113.7", 1, "203.0.113.7"],
    ["one proxy, IPv6 client", "2001:db8::1", 1, "2001:db8::1"],
    // CDN then load balancer: the CDN appended the client, the balancer the CDN's edge.
    ["CDN and balancer", "203.0.113.7, 198.51.100.20", 2, "203.0.113.7"],
    ["CDN and balancer, a forged entry in front", "6.6.6.6, 203.0.113.7, 198.51.100.20", 2, "203.0.113.7"],
    // A request that skipped the CDN: the balancer's entry is the furthest one known.
    ["fewer entries than hops", "203.0.113.7", 2, "203.0.113.7"],
    // A proxy that appended nothing: only the socket is known.
    ["a trusted proxy, no header", undefined, 1, SOCKET],
    ["a trusted proxy, an empty header", "", 1, SOCKET],
  ])("%s", (_, forwardedFor, trustedHops, expected) => {
    expect(clientAddress({ remoteAddress: SOCKET, forwardedFor, trustedHops })).toBe(expected)
  })

  it("reads an IPv4 client on a dual-stack socket as IPv4", () => {
    expect(clientAddress({ remoteAddress: "::ffff:203.0.113.7", forwardedFor: undefined, trustedHops: 0 })).toBe(
      "203.0.113.7"
    )
    expect(clientAddress({ remoteAddress: SOCKET, forwardedFor: "::ffff:203.0.113.7", trustedHops: 1 })).toBe(
      "203.0.113.7"
    )
  })

  it("keeps an IPv6 socket address as it is", () => {
    expect(clientAddress({ remoteAddress: "::1", forwardedFor: undefined, trustedHops: 0 })).toBe("::1")
  })

  it("knows no address when the socket has none and nothing is trusted", () => {
    expect(clientAddress({ remoteAddress: undefined, forwardedFor: "203.0.113.7", trustedHops: 0 })).toBeNull()
  })
})
