/**
 * A small ustar writer and reader with gzip, so `files/compress`, `files/decompress` and backup
 * downloads deal in real `.tar.gz` archives, as Wings does.
 *
 * @since 0.1.0
 */
import * as Zlib from "node:zlib"

/**
 * One archive member; paths are relative (no leading slash).
 *
 * @since 0.1.0
 * @category models
 */
export interface Member {
  readonly path: string
  readonly directory: boolean
  readonly content: Uint8Array
  readonly mode: number
  readonly modified: number
}

const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, "0")}\0`

const header = (member: Member): Buffer => {
  const block = Buffer.alloc(512)
  const name = member.directory ? `${member.path}/` : member.path
  const nameBytes = Buffer.from(name, "utf8")
  // Long names go into the ustar prefix field when they fit, otherwise they are cut.
  let prefix = Buffer.alloc(0)
  let short = nameBytes
  if (nameBytes.length > 100) {
    const slash = name.lastIndexOf("/", 155)
    if (slash > 0) {
      prefix = Buffer.from(name.slice(0, slash), "utf8").subarray(0, 155)
      short = Buffer.from(name.slice(slash + 1), "utf8").subarray(0, 100)
    } else {
      short = nameBytes.subarray(0, 100)
    }
  }
  short.copy(block, 0)
  block.write(octal(member.mode & 0o7777, 8), 100, "ascii")
  block.write(octal(0, 8), 108, "ascii")
  block.write(octal(0, 8), 116, "ascii")
  block.write(octal(member.directory ? 0 : member.content.length, 12), 124, "ascii")
  block.write(octal(Math.floor(member.modified / 1000), 12), 136, "ascii")
  block.write("        ", 148, "ascii")
  block.write(member.directory ? "5" : "0", 156, "ascii")
  block.write("ustar\u000000", 257, "binary")
  prefix.copy(block, 345)
  let sum = 0
  for (const byte of block) sum += byte
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii")
  return block
}

/**
 * Members → `.tar.gz` bytes.
 *
 * @since 0.1.0
 * @category encoding
 */
export const pack = (members: ReadonlyArray<Member>): Uint8Array => {
  const parts: Array<Buffer> = []
  for (const member of members) {
    parts.push(header(member))
    if (!member.directory && member.content.length > 0) {
      parts.push(Buffer.from(member.content))
      const pad = (512 - (member.content.length % 512)) % 512
      if (pad > 0) parts.push(Buffer.alloc(pad))
    }
  }
  parts.push(Buffer.alloc(1024))
  return new Uint8Array(Zlib.gzipSync(Buffer.concat(parts)))
}

const field = (block: Buffer, start: number, length: number) =>
  block
    .subarray(start, start + length)
    .toString("utf8")
    .replace(/\0.*$/s, "")

/**
 * `.tar.gz` (or plain `.tar`) bytes → members, or `undefined` when they are not an archive.
 *
 * @since 0.1.0
 * @category decoding
 */
export const unpack = (bytes: Uint8Array): ReadonlyArray<Member> | undefined => {
  let tar: Buffer
  try {
    tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? Zlib.gunzipSync(bytes) : Buffer.from(bytes)
  } catch {
    return undefined
  }
  if (tar.length < 512 || tar.subarray(257, 262).toString("ascii") !== "ustar") return undefined
  const out: Array<Member> = []
  let offset = 0
  while (offset + 512 <= tar.length) {
    const block = tar.subarray(offset, offset + 512)
    if (block.every((b) => b === 0)) break
    const name = field(block, 0, 100)
    const prefix = field(block, 345, 155)
    const size = Number.parseInt(field(block, 124, 12).trim() || "0", 8)
    const type = String.fromCharCode(block[156] ?? 48)
    const mode = Number.parseInt(field(block, 100, 8).trim() || "644", 8)
    const mtime = Number.parseInt(field(block, 136, 12).trim() || "0", 8) * 1000
    if (!Number.isFinite(size) || size < 0) return undefined
    const full = (prefix === "" ? name : `${prefix}/${name}`).replace(/\/+$/, "")
    const content = tar.subarray(offset + 512, offset + 512 + size)
    if (full !== "" && (type === "0" || type === "\0" || type === "5")) {
      out.push({ path: full, directory: type === "5", content: new Uint8Array(content), mode, modified: mtime })
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return out
}
