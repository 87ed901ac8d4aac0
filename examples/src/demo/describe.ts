// How the demo shows a typed failure: the tag, the panel's status, code and detail, never a secret.
import type { PanelError } from "@ptero-effect/core"

export const describeError = (error: { readonly _tag: string }): string => {
  const e = error as Partial<PanelError.PanelError> & { readonly _tag: string } & Record<string, unknown>
  const parts: Array<string> = [e._tag]
  if (typeof e.status === "number") parts.push(String(e.status))
  if (typeof e.code === "string" && e.code !== "") parts.push(e.code)
  if (typeof e.reason === "string") parts.push(`reason=${e.reason}`)
  const detail = typeof e.detail === "string" ? e.detail : typeof e.message === "string" ? e.message : ""
  return `${parts.join(" ")}${detail === "" ? "" : `: ${detail}`}`
}
