/**
 * `FileUploadController` (§8.1 `GET /servers/{server}/files/upload`): a signed URL for Wings'
 * upload endpoint (`wings/SignedUrls.ts`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as SignedUrls from "../../wings/SignedUrls.js"
import type { RouteDefinition } from "../../http/Route.js"
import { read } from "../../state/Store.js"
import * as T from "../Transformers.js"
import * as S from "./ServerGroup.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/files/upload",
    name: "api:client:server.files.upload",
    permission: "file.create",
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const server = S.serverOf(state, ctx)
        const url = yield* SignedUrls.issue(ctx.baseUrl, "upload/file", {
          server_uuid: server.uuid,
          user_uuid: ctx.auth!.user.uuid
        })
        return { status: 200, body: T.signedUrl(url) }
      })
  })
]
