/**
 * IP address ranges as the panel's allow lists understand them (spec §2.6): a single address,
 * CIDR (host bits masked), `address netmask`, IPv4 wildcard octets and `first-last` ranges.
 * Addresses are held as bigints so IPv4 and IPv6 share one comparison.
 *
 * @internal
 */
import * as Net from "node:net"

/** @internal */
export type Family = 4 | 6

/** @internal */
export interface Address {
  readonly family: Family
  readonly value: bigint
}

/** @internal */
export interface Range {
  readonly family: Family
  readonly first: bigint
  readonly last: bigint
}

const parseV4 = (text: string): bigint | undefined => {
  if (Net.isIPv4(text) === false) return undefined
  let out = 0n
  for (const part of text.split(".")) out = (out << 8n) | BigInt(Number(part))
  return out
}

const parseV6 = (text: string): bigint | undefined => {
  // Zone ids (`fe80::1%eth0`) are not addresses the panel's parser accepts.
  if (text.includes("%") || Net.isIPv6(text) === false) return undefined
  let body = text
  const lastColon = body.lastIndexOf(":")
  const maybeV4 = body.slice(lastColon + 1)
  if (maybeV4.includes(".")) {
    const v4 = parseV4(maybeV4)
    if (v4 === undefined) return undefined
    body = `${body.slice(0, lastColon + 1)}${((v4 >> 16n) & 0xffffn).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const [head = "", rest] = body.split("::") as [string, string | undefined]
  const headParts = head === "" ? [] : head.split(":")
  const restParts = rest === undefined || rest === "" ? [] : rest.split(":")
  const missing = 8 - headParts.length - restParts.length
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined
  const all = [...headParts, ...Array.from({ length: rest === undefined ? 0 : missing }, () => "0"), ...restParts]
  let out = 0n
  for (const group of all) out = (out << 16n) | BigInt(Number.parseInt(group, 16))
  return out
}

/**
 * Parses one address; `undefined` when it is not a valid IPv4 or IPv6 address.
 *
 * @internal
 */
export const parseAddress = (text: string): Address | undefined => {
  const v4 = parseV4(text)
  if (v4 !== undefined) return { family: 4, value: v4 }
  const v6 = parseV6(text)
  if (v6 !== undefined) return { family: 6, value: v6 }
  return undefined
}

const bits = (family: Family): number => (family === 4 ? 32 : 128)

const prefixFromNetmask = (mask: Address): number | undefined => {
  const width = bits(mask.family)
  let prefix = 0
  while (prefix < width && ((mask.value >> BigInt(width - 1 - prefix)) & 1n) === 1n) prefix++
  const rebuilt = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix)
  return rebuilt === mask.value ? prefix : undefined
}

const network = (address: Address, prefix: number): Range => {
  const width = bits(address.family)
  const hostBits = BigInt(width - prefix)
  const hostMask = (1n << hostBits) - 1n
  const first = address.value & ~hostMask & ((1n << BigInt(width)) - 1n)
  return { family: address.family, first, last: first | hostMask }
}

/**
 * Parses one allow-list entry; `undefined` when the panel would reject it at key creation
 * (`"<entry>" is not a valid IP address or CIDR range.`).
 *
 * @internal
 */
export const parseRange = (entry: string): Range | undefined => {
  if (entry.indexOf("/") > 0 || entry.indexOf(" ") > 0) {
    const [addressText = "", maskText = ""] = entry.split(/[/ ]/, 2)
    const address = parseAddress(addressText)
    if (address === undefined) return undefined
    let prefix: number | undefined
    if (/^\d{1,3}$/.test(maskText)) {
      prefix = Number(maskText)
    } else {
      const mask = parseAddress(maskText)
      prefix = mask !== undefined && mask.family === address.family ? prefixFromNetmask(mask) : undefined
    }
    if (prefix === undefined || prefix < 0 || prefix > bits(address.family)) return undefined
    return network(address, prefix)
  }
  if (entry.includes("*")) {
    const first = parseAddress(entry.replaceAll("*", "0"))
    const last = parseAddress(entry.replaceAll("*", "255"))
    if (first === undefined || last === undefined || first.family !== last.family) return undefined
    return first.value <= last.value ? { family: first.family, first: first.value, last: last.value } : undefined
  }
  if (entry.indexOf("-") > 0) {
    const index = entry.indexOf("-")
    const first = parseAddress(entry.slice(0, index))
    const last = parseAddress(entry.slice(index + 1))
    if (first === undefined || last === undefined || first.family !== last.family) return undefined
    return first.value <= last.value ? { family: first.family, first: first.value, last: last.value } : undefined
  }
  const single = parseAddress(entry)
  return single === undefined ? undefined : { family: single.family, first: single.value, last: single.value }
}

/**
 * Whether `ip` falls inside `range`. A family mismatch never matches: the panel does not map
 * IPv4 into IPv6 (§2.6).
 *
 * @internal
 */
export const contains = (range: Range, ip: Address): boolean =>
  range.family === ip.family && ip.value >= range.first && ip.value <= range.last

/**
 * The address the panel sees for a TCP peer. Node reports IPv4 peers of a dual-stack socket as
 * `::ffff:a.b.c.d`; PHP behind a web server sees the plain IPv4 form.
 *
 * @internal
 */
export const normalizePeer = (remote: string | undefined): string => {
  if (remote === undefined) return "127.0.0.1"
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote)
  return mapped?.[1] ?? remote
}

/**
 * Whether `ip` is allowed by a key's allow list (empty or null means unrestricted).
 *
 * @internal
 */
export const isAllowed = (allowed: ReadonlyArray<string> | null, ip: string): boolean => {
  if (allowed === null || allowed.length === 0) return true
  const address = parseAddress(ip)
  if (address === undefined) return false
  return allowed.some((entry) => {
    const range = parseRange(entry)
    return range !== undefined && contains(range, address)
  })
}
