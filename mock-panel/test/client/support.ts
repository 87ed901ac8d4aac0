import { expect } from "vitest"
import { call, type CallOptions, expectError, type Res } from "../helpers.js"

export const SURVIVAL = "1a2b3c01"
export const SURVIVAL_UUID = "1a2b3c01-7d8e-4f9a-8b1c-2d3e4f5a6b7c"
export const CREATIVE = "1a2b3c02" // suspended (§4.1)
export const MODDED = "1a2b3c03" // installing (§4.1)
export const ADMIN_LAB = "1a2b3c04" // the root admin's; alice and bob cannot see it

export const send = (
  panel: { url: string },
  method: string,
  path: string,
  key: string,
  body?: unknown,
  extra: CallOptions = {}
) =>
  call(panel, path, {
    ...extra,
    key,
    method,
    ...(body === undefined
      ? {}
      : { headers: { "Content-Type": "application/json", ...(extra.headers ?? {}) }, body: JSON.stringify(body) })
  })

export const expectNotVisible = (res: Res) =>
  expectError(res, 404, "NotFoundHttpException", "The requested resource does not exist on this server.")
export const expectBindingMiss = (res: Res) =>
  expectError(res, 404, "NotFoundHttpException", "The requested resource could not be found on the server.")
export const expectDenied = (res: Res) =>
  expectError(res, 403, "AccessDeniedHttpException", "This action is unauthorized.")
export const expectSuspended = (res: Res) =>
  expectError(
    res,
    409,
    "ServerStateConflictException",
    "This server is currently suspended and the functionality requested is unavailable."
  )
export const expectInstalling = (res: Res) =>
  expectError(
    res,
    409,
    "ServerStateConflictException",
    "This server has not yet completed its installation process, please try again later."
  )

export const expectValidation = (
  res: Res,
  entries: ReadonlyArray<readonly [field: string, rule: string, detail: string]>
) => {
  expect(res.status).toBe(422)
  expect(res.json).toEqual({
    errors: entries.map(([field, rule, detail]) => ({
      code: "ValidationException",
      status: "422",
      detail,
      meta: { source_field: field, rule }
    }))
  })
}

export const expectDisplay = (res: Res, code: string, detail: string, status = 400) =>
  expectError(res, status, code, detail)

export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/
