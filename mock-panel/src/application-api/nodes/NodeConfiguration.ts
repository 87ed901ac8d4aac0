/**
 * `NodeConfigurationController` (§8.2 `GET /nodes/{node}/configuration`): the node's Wings
 * configuration.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Fixture from "../../state/Fixture.js"
import * as G from "../../state/Generate.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import * as Bindings from "../../http/Bindings.js"

/**
 * The Wings configuration of a node (`Node::getConfiguration`), served as raw JSON (§8.2).
 *
 * @since 0.1.0
 * @category configuration
 */
export const configuration = (node: Fixture.Node, remote: string) => {
  const token = G.daemonToken(node)
  const fqdn = node.fqdn.toLowerCase()
  return {
    debug: false,
    uuid: node.uuid,
    token_id: token.id,
    token: token.token,
    api: {
      host: "0.0.0.0",
      port: node.daemon_listen,
      ssl: {
        enabled: !node.behind_proxy && node.scheme === "https",
        cert: `/etc/letsencrypt/live/${fqdn}/fullchain.pem`,
        key: `/etc/letsencrypt/live/${fqdn}/privkey.pem`
      },
      upload_limit: node.upload_size
    },
    system: { data: node.daemon_base, sftp: { bind_port: node.daemon_sftp } },
    allowed_mounts: [],
    remote
  }
}

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/nodes/{node}/configuration",
    api: "application",
    name: "api:application.nodes.configuration",
    bindings: [Bindings.node],
    acl: { resource: "nodes", level: 1 },
    handle: (ctx) => Effect.succeed({ status: 200, body: configuration(ctx.models.node!, ctx.baseUrl) })
  })
]
