import * as HttpClient from "@effect/platform/HttpClient"
import * as Error from "@effect/platform/HttpClientError"
import type * as ClientRequest from "@effect/platform/HttpClientRequest"
import type * as ClientResponse from "@effect/platform/HttpClientResponse"
import * as LeanTransport from "@ptero-effect/core/LeanTransport"
import * as Effect from "effect/Effect"
import { type Outgoing, plainBody, preparedBody } from "./send.js"
import { type Target, targetOf } from "./target.js"

/** One exchange over a transport: the request sent, its response's head received. */
export type Exchange = (
  request: ClientRequest.HttpClientRequest,
  target: Target,
  headers: Record<string, string>,
  body: Outgoing
) => Effect.Effect<ClientResponse.HttpClientResponse, Error.RequestError>

/**
 * A platform `HttpClient` whose requests go straight to `exchange`, without the `URL`,
 * `AbortController` and scope that `HttpClient.make` sets up for each request. It is marked lean
 * (`LeanTransport`): each exchange honours the panel client's deadline.
 */
export const fromExchange = (exchange: Exchange): HttpClient.HttpClient =>
  LeanTransport.mark(
    HttpClient.makeWith<never, never, Error.HttpClientError, never>(
      (effect) =>
        Effect.flatMap(effect, (request): Effect.Effect<ClientResponse.HttpClientResponse, Error.HttpClientError> => {
          const target = targetOf(request)
          if (target === undefined) {
            return Effect.fail(
              new Error.RequestError({ request, reason: "InvalidUrl", cause: "not an absolute http(s) URL" })
            )
          }
          const body = plainBody(request)
          return body !== undefined
            ? exchange(request, target, request.headers, body)
            : Effect.flatMap(preparedBody(request), (prepared) =>
                exchange(request, target, prepared.headers, prepared.body)
              )
        }),
      Effect.succeed
    )
  )
