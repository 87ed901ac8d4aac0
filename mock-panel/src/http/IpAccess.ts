/**
 * IP address ranges as the panel's allow lists understand them (§2.6), following
 * s1lentium/iptools v1.2.0 (`Range::parse`, `Network::parse`, `IP::parse`, `Range::contains`): a
 * single address (also written as a 32-bit number, `0x` hex or `0b` binary), CIDR (host bits
 * masked), `address netmask`, `*` octets and `first-last` ranges. Addresses are compared as
 * iptools compares them, with `strcmp` on their packed bytes, so an IPv4 address (4 bytes) and
 * an IPv6 range (16 bytes) can contain each other.
 *
 * @internal
 */
import * as Net from "node:net"
import { isNumeric } from "../laravel/Validator.js"

/** @internal */
export type Family = 4 | 6

/** @internal */
export interface Address {
  readonly family: Family
  readonly value: bigint
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

/**
 * An iptools exception: its class and message. `IpException` "Invalid IP address format" is the
 * one `StoreApiKeyRequest` turns into a 422; any other fails the request.
 *
 * @internal
 */
export class IpToolsError extends Error {
  constructor(
    readonly exception: "IpException" | "NetworkException" | "RangeException" | "TypeError",
    message: string
  ) {
    super(message)
  }
}

/**
 * A range as iptools holds it: its first and last address, packed (4 or 16 bytes).
 *
 * @internal
 */
export interface Range {
  readonly first: Uint8Array
  readonly last: Uint8Array
}

// PHP's `strcmp` on binary strings: bytewise, then the shorter first.
const strcmp = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

const pack = (address: Address): Uint8Array => {
  const size = address.family === 4 ? 4 : 16
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) out[i] = Number((address.value >> BigInt(8 * (size - 1 - i))) & 0xffn)
  return out
}

// `new IP($ip)`: `filter_var(FILTER_VALIDATE_IP)` then `inet_pton`.
const ipFromText = (text: string): Uint8Array => {
  const address = parseAddress(text)
  if (address === undefined) throw new IpToolsError("IpException", "Invalid IP address format")
  return pack(address)
}

// `IP::parseLong` for IPv4: `long2ip`, whose int parameter takes a numeric string (a float string
// truncated, one beyond the 64-bit range refused with a TypeError) and keeps the low 32 bits.
const ipFromLong = (text: string): Uint8Array => {
  const trimmed = text.trim()
  let n: bigint
  if (/^[+-]?\d+$/.test(trimmed)) {
    n = BigInt(trimmed)
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) {
      throw new IpToolsError("TypeError", "long2ip(): Argument #1 ($ip) must be of type int, string given")
    }
  } else {
    const float = Number(trimmed)
    if (!Number.isFinite(float) || Math.abs(float) >= 2 ** 63) {
      throw new IpToolsError("TypeError", "long2ip(): Argument #1 ($ip) must be of type int, string given")
    }
    n = BigInt(Math.trunc(float))
  }
  return pack({ family: 4, value: BigInt.asUintN(32, n) })
}

// `IP::parse`: `0x` and `0b` prefixes, then a number, then an address.
const ipParse = (text: string): Uint8Array => {
  if (text.startsWith("0x")) {
    const hex = text.slice(2)
    if (!/^([0-9a-fA-F]{8}|[0-9a-fA-F]{32})$/.test(hex)) {
      throw new IpToolsError("IpException", "Invalid hexadecimal IP address format")
    }
    return Uint8Array.from(Buffer.from(hex, "hex"))
  }
  if (text.startsWith("0b")) {
    const bin = text.slice(2)
    if (!/^([01]{32}|[01]{128})$/.test(bin)) throw new IpToolsError("IpException", "Invalid binary IP address format")
    return Uint8Array.from(bin.match(/.{8}/g)!.map((byte) => Number.parseInt(byte, 2)))
  }
  if (isNumeric(text)) return ipFromLong(text)
  return ipFromText(text)
}

// `Network::prefix2netmask`.
const prefixMask = (prefix: bigint, size: number): Uint8Array => {
  if (prefix < 0n || prefix > BigInt(size * 8)) throw new IpToolsError("NetworkException", "Invalid prefix length")
  const bitsSet = Number(prefix)
  return Uint8Array.from({ length: size }, (_, i) => {
    const set = Math.max(0, Math.min(8, bitsSet - 8 * i))
    return (0xff00 >> set) & 0xff
  })
}

// `Network::setNetmask`'s check: ones then zeros.
const isNetmask = (mask: Uint8Array): boolean =>
  /^1*0*$/.test([...mask].map((b) => b.toString(2).padStart(8, "0")).join(""))

// `Network::parse`, then the network's first and last address.
const networkRange = (data: string): Range => {
  // PCRE's `$` also matches before a final newline.
  const cidr = /^(.+?)\/(\d+)\n?$/.exec(data)
  let ip: Uint8Array
  let mask: Uint8Array
  if (cidr !== null) {
    ip = ipParse(cidr[1]!)
    // `(int)` of the digits: a number beyond PHP_INT_MAX reads as PHP_INT_MAX.
    const digits = BigInt(cidr[2]!)
    mask = prefixMask(digits > 2n ** 63n - 1n ? 2n ** 63n - 1n : digits, ip.length)
  } else if (data.indexOf(" ") > 0) {
    const space = data.indexOf(" ")
    ip = ipParse(data.slice(0, space))
    mask = ipParse(data.slice(space + 1))
    if (!isNetmask(mask)) throw new IpToolsError("NetworkException", "Invalid Netmask address format")
    if (mask.length !== ip.length)
      throw new IpToolsError("NetworkException", "Netmask version is not same as IP version")
  } else {
    ip = ipParse(data)
    mask = prefixMask(BigInt(ip.length * 8), ip.length)
  }
  return { first: ip.map((b, i) => b & mask[i]!), last: ip.map((b, i) => (b & mask[i]!) | (~mask[i]! & 0xff)) }
}

// `new Range($first, $last)`: `setLastIP` refuses a last address below the first.
const range = (first: Uint8Array, last: Uint8Array): Range => {
  if (strcmp(last, first) < 0) throw new IpToolsError("RangeException", "Last IP is less than first")
  return { first, last }
}

/**
 * `Range::parse`, throwing `IpToolsError` where iptools throws.
 *
 * @internal
 */
export const parseRangeOrThrow = (entry: string): Range => {
  if (entry.indexOf("/") > 0 || entry.indexOf(" ") > 0) return networkRange(entry)
  if (entry.includes("*")) return range(ipParse(entry.replaceAll("*", "0")), ipParse(entry.replaceAll("*", "255")))
  if (entry.indexOf("-") > 0) {
    const dash = entry.indexOf("-")
    return range(ipParse(entry.slice(0, dash)), ipParse(entry.slice(dash + 1)))
  }
  const single = ipParse(entry)
  return range(single, single)
}

/**
 * Parses one allow-list entry; `undefined` when iptools refuses it.
 *
 * @internal
 */
export const parseRange = (entry: string): Range | undefined => {
  try {
    return parseRangeOrThrow(entry)
  } catch (error) {
    if (error instanceof IpToolsError) return undefined
    throw error
  }
}

/**
 * `Range::contains` for an address: `strcmp` of the packed bytes against both ends.
 *
 * @internal
 */
export const contains = (range: Range, ip: Uint8Array): boolean =>
  strcmp(ip, range.first) >= 0 && strcmp(ip, range.last) <= 0

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
 * Whether `ip` is allowed by a key's allow list (empty or null means unrestricted):
 * `AuthenticateIPAccess::handle` tries the entries in order. Every stored entry passed
 * `Range::parse` when the key was made (§2.6); one that does not is skipped.
 *
 * @internal
 */
export const isAllowed = (allowed: ReadonlyArray<string> | null, ip: string): boolean => {
  if (allowed === null || allowed.length === 0) return true
  const address = parseAddress(ip)
  if (address === undefined) return false
  const packed = pack(address)
  return allowed.some((entry) => {
    const parsed = parseRange(entry)
    return parsed !== undefined && contains(parsed, packed)
  })
}
