/**
 * CORS as the panel answers it (§6.4): the global `HandleCors` middleware
 * (`Illuminate/Http/Middleware/HandleCors.php`, laravel/framework v10.1.4) running
 * fruitcake/php-cors v1.2.0's `CorsService` with `config/cors.php`. It runs before routing and
 * authentication, on the four API path patterns only.
 *
 * With the default `APP_CORS_ALLOWED_ORIGINS` (unset), `allowed_origins` is `explode(',', '')`:
 * one empty origin. `CorsService::isSingleOriginAllowed` then holds, so every answer on those
 * paths carries `Access-Control-Allow-Origin` with that empty value, whatever the request's
 * `Origin`, and `Access-Control-Allow-Credentials: true` (`supports_credentials`).
 *
 * @since 0.1.0
 */

// `config/cors.php` `paths`, as `HandleCors::hasMatchingPath` trims and matches them with
// `Request::is` (`Str::is` on the decoded path without its leading slash).
const PATHS = [/^api\/client$/, /^api\/application$/, /^api\/client\/.*$/, /^api\/application\/.*$/]

// `config/cors.php` `allowed_methods`, joined by `CorsService::configureAllowedMethods`.
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, HEAD"

/**
 * Whether `HandleCors` handles a request for this path (decoded, without its leading slash, as
 * `Request::decodedPath` gives it).
 *
 * @since 0.1.0
 * @category matching
 */
export const handles = (decodedPath: string): boolean => PATHS.some((p) => p.test(decodedPath))

/**
 * `CorsService::isPreflightRequest`: an `OPTIONS` with `Access-Control-Request-Method`.
 *
 * @since 0.1.0
 * @category matching
 */
export const isPreflight = (method: string, headers: Readonly<Record<string, string>>): boolean =>
  method === "OPTIONS" && headers["access-control-request-method"] !== undefined

const vary = (headers: Record<string, string>, header: string) => {
  const current = headers.Vary
  if (current === undefined) headers.Vary = header
  else if (!current.split(", ").includes(header)) headers.Vary = `${current}, ${header}`
}

/**
 * The preflight answer (`CorsService::handlePreflightRequest`, then `HandleCors::handle`'s
 * `Vary`): 204 with no body; `allowed_headers` `['*']` echoes the requested headers.
 *
 * @since 0.1.0
 * @category responses
 */
export const preflightHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {
    "Access-Control-Allow-Origin": "",
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": headers["access-control-request-headers"] ?? ""
  }
  vary(out, "Access-Control-Request-Headers")
  // `max_age` 0 is still sent (`configureMaxAge` skips only null).
  out["Access-Control-Max-Age"] = "0"
  vary(out, "Access-Control-Request-Method")
  return out
}

/**
 * The headers `CorsService::addActualRequestHeaders` adds to any other answer on an API path
 * (`exposed_headers` is empty, so none is exposed); an `OPTIONS` also varies on
 * `Access-Control-Request-Method`.
 *
 * @since 0.1.0
 * @category responses
 */
export const actualHeaders = (method: string): Record<string, string> => {
  const out: Record<string, string> = {}
  if (method === "OPTIONS") vary(out, "Access-Control-Request-Method")
  out["Access-Control-Allow-Origin"] = ""
  out["Access-Control-Allow-Credentials"] = "true"
  return out
}
