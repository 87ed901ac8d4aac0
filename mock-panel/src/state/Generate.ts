/**
 * Deterministic stand-ins for what the panel generates at random (UUIDs, daemon tokens,
 * database usernames and passwords) and for MySQL's auto-increment ids, so two runs of the
 * same requests give the same bodies.
 *
 * @internal
 */
import * as Crypto from "node:crypto"
import type * as Fixture from "./Fixture.js"
import type { State } from "./Store.js"

const digest = (seed: string): Buffer => Crypto.createHash("sha256").update(seed, "utf8").digest()

/** A lower-case version-4-shaped UUID derived from a seed. */
export const uuid = (seed: string): string => {
  const hex = digest(`uuid:${seed}`).toString("hex")
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/** `Str::random(length)` from a seed: letters and digits. */
export const random = (seed: string, length: number, alphabet = ALPHANUMERIC): string => {
  let out = ""
  let round = 0
  while (out.length < length) {
    for (const byte of digest(`random:${seed}:${round}`)) {
      if (out.length >= length) break
      out += alphabet[byte % alphabet.length]
    }
    round++
  }
  return out
}

/** A password with special characters, as the panel's database passwords have. */
export const password = (seed: string, length = 24): string =>
  random(seed, length, `${ALPHANUMERIC}!@#$%^&*()-_=+[]{}<>.?`)

/** The tables the Application API inserts into. */
export type Table = "users" | "nodes" | "locations" | "allocations" | "servers" | "databases"

const rowsOf = (state: State, table: Table): ReadonlyArray<{ readonly id: number }> => {
  switch (table) {
    case "users":
      return state.users
    case "nodes":
      return state.nodes
    case "locations":
      return state.locations
    case "allocations":
      return state.allocations
    case "servers":
      return state.servers
    case "databases":
      return state.databases
  }
}

/**
 * The next auto-increment id of a table and the state that remembers it: one more than the
 * largest id ever handed out or present.
 */
export const nextId = (state: State, table: Table): [number, State] => {
  const highest = rowsOf(state, table).reduce((m, r) => Math.max(m, r.id), 0)
  const id = Math.max(highest, state.sequences[table] ?? 0) + 1
  return [id, { ...state, sequences: { ...state.sequences, [table]: id } }]
}

/** A node's daemon token id and token: the stored ones, or ones derived from its uuid. */
export const daemonToken = (node: Fixture.Node): { readonly id: string; readonly token: string } => ({
  id: node.daemon_token_id ?? random(`daemon-token-id:${node.uuid}`, 16),
  token: node.daemon_token ?? random(`daemon-token:${node.uuid}`, 64)
})
