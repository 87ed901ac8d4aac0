/**
 * Which `allowed_ips` entries the panel accepts (§2.6): a single IPv4 or IPv6 address, CIDR
 * for either family, `address netmask`, IPv4 wildcard octets (`192.168.1.*`) and `first-last`
 * ranges.
 */

const ipv4 = (value: string): boolean => {
  const parts = value.split(".")
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
}

const ipv6 = (value: string): boolean => {
  if (!/^[0-9A-Fa-f:.]+$/.test(value)) return false
  const halves = value.split("::")
  if (halves.length > 2) return false
  const groups = (part: string) => (part === "" ? [] : part.split(":"))
  const head = groups(halves[0]!)
  const tail = halves.length === 2 ? groups(halves[1]!) : []
  const all = [...head, ...tail]
  let count = 0
  for (const [index, group] of all.entries()) {
    // An embedded IPv4 address (e.g. ::ffff:127.0.0.1) may only come last and counts as two groups.
    if (group.includes(".")) {
      if (index !== all.length - 1 || !ipv4(group)) return false
      count += 2
    } else {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return false
      count += 1
    }
  }
  return halves.length === 2 ? count < 8 : count === 8
}

const address = (value: string): boolean => ipv4(value) || ipv6(value)

const wildcard = (value: string): boolean => {
  const parts = value.split(".")
  return (
    parts.length === 4 &&
    parts.includes("*") &&
    parts.every((part) => part === "*" || (/^\d{1,3}$/.test(part) && Number(part) <= 255))
  )
}

/** Whether the panel's IP library would parse `value` as an address or a range. */
export const isIpRange = (value: string): boolean => {
  if (value === "") return false
  if (value.includes("/")) {
    const [base, prefix, ...rest] = value.split("/")
    if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false
    const bits = Number(prefix)
    return (ipv4(base!) && bits <= 32) || (ipv6(base!) && bits <= 128)
  }
  if (value.includes(" ")) {
    const [base, mask, ...rest] = value.split(" ")
    return rest.length === 0 && ipv4(base!) && ipv4(mask!)
  }
  if (value.includes("-")) {
    const [first, last, ...rest] = value.split("-")
    return rest.length === 0 && ((ipv4(first!) && ipv4(last!)) || (ipv6(first!) && ipv6(last!)))
  }
  return address(value) || wildcard(value)
}
