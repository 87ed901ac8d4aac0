import { expect } from "vitest"
import * as Fixture from "../../src/state/Fixture.js"
import * as MockPanel from "../../src/MockPanel.js"
import { call, defaultFixtureJson, expectError, k as key, type Res } from "../helpers.js"

const T = "2024-10-24T12:00:00+00:00"

// Application keys of the root admin with partial rights, for denied includes (§3.4):
// `limitedA` reads everything but servers, eggs and database hosts; `limitedB` reads only
// servers and eggs; `serversOnly` reads only servers.
const LIMITED = [
  {
    name: "limitedA",
    identifier: "ptla_limiteda001",
    secret: "LimitedApplicationSecretA0000001",
    rights: { r_users: 1, r_nodes: 1, r_allocations: 1, r_locations: 1, r_nests: 1, r_server_databases: 1 }
  },
  {
    name: "limitedB",
    identifier: "ptla_limitedb001",
    secret: "LimitedApplicationSecretB0000001",
    rights: { r_servers: 1, r_eggs: 1 }
  },
  {
    name: "serversOnly",
    identifier: "ptla_serversonly",
    secret: "ServersOnlyApplicationSecret0001",
    rights: { r_servers: 1 }
  }
]

/** The default fixture with the limited keys, changed by `change` if given. */
export const startPanel = async (change: (json: any) => void = () => {}): Promise<MockPanel.Started> => {
  const json = defaultFixtureJson()
  change(json)
  for (const key of LIMITED) {
    json.api_keys.push({
      name: key.name,
      user_id: 1,
      key_type: 2,
      identifier: key.identifier,
      secret: key.secret,
      memo: key.name,
      ...key.rights,
      created_at: T,
      updated_at: T
    })
  }
  const decoded = Fixture.decode(json)
  if (decoded._tag === "Left") throw new Error(decoded.left.message)
  return MockPanel.start({ fixture: decoded.right })
}

/**
 * Adds egg 4 to nest 1: a copy of egg 1 with `changes` (e.g. `config_from: 1`), without variables.
 */
export const withChildEgg =
  (changes: Record<string, unknown>) =>
  (json: any): void => {
    const parent = json.eggs.find((egg: any) => egg.id === 1)
    json.eggs.push({ ...parent, id: 4, uuid: "5e6f7a8b-0004-4c9d-8e1f-2a3b4c5d6e7f", variables: [], ...changes })
  }

/** A valid `POST /api/application/nodes` body. */
export const NEW_NODE = {
  name: "Node 3",
  location_id: 1,
  fqdn: "node3.example.com",
  scheme: "https",
  memory: 4096,
  memory_overallocate: 0,
  disk: 20480,
  disk_overallocate: 0,
  daemon_listen: 8080,
  daemon_sftp: 2022
}

export type Panel = MockPanel.Started

export { k as key } from "../helpers.js"

export const send = (panel: Panel, method: string, path: string, keyName: string, body?: unknown): Promise<Res> =>
  call(panel, path, {
    key: key(panel, keyName),
    method,
    ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
  })

export const NULL_RESOURCE = { object: "null_resource", attributes: null }
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/

export const expectDenied = (res: Res) =>
  expectError(res, 403, "AccessDeniedHttpException", "This action is unauthorized.")
export const expectNotAdmin = (res: Res) =>
  expectError(res, 403, "AccessDeniedHttpException", "This account does not have permission to access the API.")
export const expectMissing = (res: Res) =>
  expectError(res, 404, "NotFoundHttpException", "The requested resource could not be found on the server.")

export const expectValidation = (res: Res, field: string, rule: string, detail?: string) => {
  expect(res.status).toBe(422)
  const entry = (res.json?.errors ?? []).find((e: any) => e.meta?.source_field === field)
  expect(entry).toMatchObject({ code: "ValidationException", status: "422", meta: { source_field: field, rule } })
  if (detail !== undefined) expect(entry.detail).toBe(detail)
}

export const expectInvalidFilter = (res: Res, unknown: string, allowed: string) =>
  expectError(
    res,
    400,
    "InvalidFilterQuery",
    `Requested filter(s) \`${unknown}\` are not allowed. Allowed filter(s) are \`${allowed}\`.`
  )
export const expectInvalidSort = (res: Res, unknown: string, allowed: string) =>
  expectError(
    res,
    400,
    "InvalidSortQuery",
    `Requested sort(s) \`${unknown}\` is not allowed. Allowed sort(s) are \`${allowed}\`.`
  )

/**
 * The §10.2 bitmask truth table on one read route and one write route of a resource: READ (1)
 * and READ|WRITE (3) read, WRITE (2) and NONE (0) do not; WRITE (2) and 3 write, READ (1) and
 * NONE (0) do not. `write` must be a request that succeeds on a fresh panel.
 */
export const aclTruthTable = async (
  panel: Panel,
  read: { readonly path: string },
  write: { readonly method: string; readonly path: string; readonly body?: unknown; readonly status: number }
) => {
  for (const [name, allowed] of [
    ["rootApplication", true],
    ["readOnlyApplication", true],
    ["writeOnlyApplication", false],
    ["noRightsApplication", false]
  ] as const) {
    const res = await send(panel, "GET", read.path, name)
    if (allowed) expect(res.status, `${name} GET ${read.path}`).toBe(200)
    else expectDenied(res)
  }
  for (const name of ["readOnlyApplication", "noRightsApplication"]) {
    expectDenied(await send(panel, write.method, write.path, name, write.body))
  }
  await panel.control.reset()
  const res = await send(panel, write.method, write.path, "writeOnlyApplication", write.body)
  expect(res.status, `writeOnlyApplication ${write.method} ${write.path}: ${res.text}`).toBe(write.status)
}
