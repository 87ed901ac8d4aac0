// Type-level checks, compiled by `tsc -b` and never run: `include`, `filter` and `sort` accept
// exactly the names each endpoint allows (§7.2, §8.2). Every `@ts-expect-error` line must fail
// to compile, or tsc reports the unused directive. `test/Types.test.ts` runs the allowed forms.
import type { ApplicationApi } from "@ptero-effect/app-api"

export const rejected = (api: ApplicationApi.Service) => [
  // @ts-expect-error `name` is not a user filter (§7.2 allows email, uuid, username, external_id)
  api.users.list({ filter: { name: "ada" } }),
  // @ts-expect-error `username` is not a user sort (§7.2 allows id, uuid)
  api.users.list({ sort: "username" }),
  // @ts-expect-error `-email` is not a user sort either
  api.users.list({ sort: ["-id", "-email"] }),
  // @ts-expect-error users only include `servers` (§8.2)
  api.users.get(1, { include: ["nodes"] }),
  // @ts-expect-error `memory` is a node sort, not a server sort
  api.servers.list({ sort: "memory" }),
  // @ts-expect-error `fqdn` filters nodes, not servers
  api.servers.list({ filter: { fqdn: "node1" } }),
  // @ts-expect-error servers have no `eggs` include (that is a nest include)
  api.servers.get(1, { include: ["eggs"] }),
  // @ts-expect-error `image` filters servers, not nodes
  api.nodes.list({ filter: { image: "java" } }),
  // @ts-expect-error nodes include allocations, location, servers
  api.nodes.get(1, { include: ["user"] }),
  // @ts-expect-error locations sort by `id` only
  api.locations.list({ sort: "short" }),
  // @ts-expect-error the allocation list has no sorts (§7.2)
  api.allocations.list(1, { sort: "port" }),
  // @ts-expect-error `node_id` is not an allocation filter
  api.allocations.list(1, { filter: { node_id: "1" } }),
  // @ts-expect-error the nest list has neither filters nor sorts
  api.nests.list({ filter: { name: "Minecraft" } }),
  // @ts-expect-error eggs include nest, servers, config, script, variables
  api.eggs.get(1, 2, { include: ["user"] }),
  // @ts-expect-error server databases include password and host
  api.databases.list(1, { include: ["server"] }),
  // @ts-expect-error a server is created with `allocation` or `deploy`, not both
  api.servers.create({ ...serverBase, allocation: { default: 1 }, deploy: { locations: [1] } })
]

const serverBase = {
  name: "mc",
  user: 1,
  egg: 5,
  docker_image: "ghcr.io/pterodactyl/yolks:java_17",
  startup: "java -jar server.jar",
  environment: {},
  limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100 },
  feature_limits: { databases: 0, allocations: 0, backups: 0 }
}
