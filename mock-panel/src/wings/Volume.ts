/**
 * A server's volume as Wings would manage it, as pure operations on a list of nodes. Paths are
 * resolved inside the server root, so `..` never escapes it.
 *
 * @since 0.1.0
 */
/**
 * A file or directory as the mock holds it: the bytes, the mode bits and times in epoch ms.
 *
 * @since 0.1.0
 * @category models
 */
export interface FileNode {
  /** Absolute, normalised, no trailing slash (`/` itself is never stored). */
  readonly path: string
  readonly directory: boolean
  readonly content: Uint8Array
  readonly mode: number
  readonly created: number
  readonly modified: number
}

/**
 * Normalises a path the way Wings resolves it inside the server root: `..` cannot climb above
 * `/`, repeated and trailing slashes collapse.
 *
 * @since 0.1.0
 * @category files
 */
export const normalizePath = (path: string): string => {
  const out: Array<string> = []
  for (const part of path.replaceAll("\\", "/").split("/")) {
    if (part === "" || part === ".") continue
    if (part === "..") out.pop()
    else out.push(part)
  }
  return `/${out.join("/")}`
}

/**
 * Adds the implied parent directories of every node, keeping explicit entries.
 *
 * @since 0.1.0
 * @category files
 */
export const withParents = (nodes: ReadonlyArray<FileNode>, at: number): ReadonlyArray<FileNode> => {
  const byPath = new Map(nodes.map((n) => [n.path, n]))
  for (const node of nodes) {
    const parts = node.path.split("/").filter((p) => p !== "")
    for (let i = 1; i < parts.length; i++) {
      const dir = `/${parts.slice(0, i).join("/")}`
      if (!byPath.has(dir)) {
        byPath.set(dir, {
          path: dir,
          directory: true,
          content: new Uint8Array(),
          mode: 0o755,
          created: at,
          modified: at
        })
      }
    }
  }
  return [...byPath.values()]
}

/**
 * @since 0.1.0
 * @category models
 */
export type Tree = ReadonlyArray<FileNode>

/**
 * Joins a root and a name into a normalised path.
 *
 * @since 0.1.0
 * @category paths
 */
export const join = (root: string | undefined, name: string): string => normalizePath(`${root ?? "/"}/${name}`)

/**
 * The parent directory of a path.
 *
 * @since 0.1.0
 * @category paths
 */
export const parentOf = (path: string): string => normalizePath(path.slice(0, path.lastIndexOf("/")) || "/")

/**
 * @since 0.1.0
 * @category queries
 */
export const find = (tree: Tree, path: string): FileNode | undefined => {
  const p = normalizePath(path)
  return tree.find((n) => n.path === p)
}

/**
 * Whether a directory exists (`/` always does).
 *
 * @since 0.1.0
 * @category queries
 */
export const isDirectory = (tree: Tree, path: string): boolean => {
  const p = normalizePath(path)
  return p === "/" || find(tree, p)?.directory === true
}

/**
 * The entries directly inside a directory: directories first, then by name (Wings' order).
 *
 * @since 0.1.0
 * @category queries
 */
export const children = (tree: Tree, dir: string): ReadonlyArray<FileNode> => {
  const p = normalizePath(dir)
  const prefix = p === "/" ? "/" : `${p}/`
  return tree
    .filter((n) => n.path.startsWith(prefix) && !n.path.slice(prefix.length).includes("/"))
    .sort((a, b) => (a.directory === b.directory ? a.path.localeCompare(b.path) : a.directory ? -1 : 1))
}

const under = (node: FileNode, path: string) => node.path === path || node.path.startsWith(`${path}/`)

/**
 * Writes a file, creating its parent directories.
 *
 * @since 0.1.0
 * @category updates
 */
export const write = (tree: Tree, path: string, content: Uint8Array, at: number, mode?: number): Tree => {
  const p = normalizePath(path)
  const existing = find(tree, p)
  const node: FileNode = {
    path: p,
    directory: false,
    content,
    mode: mode ?? existing?.mode ?? 0o644,
    created: existing?.created ?? at,
    modified: at
  }
  return withParents([...tree.filter((n) => n.path !== p), node], at)
}

/**
 * Creates a directory and its parents.
 *
 * @since 0.1.0
 * @category updates
 */
export const mkdir = (tree: Tree, path: string, at: number): Tree => {
  const p = normalizePath(path)
  if (p === "/" || find(tree, p) !== undefined) return tree
  return withParents(
    [...tree, { path: p, directory: true, content: new Uint8Array(), mode: 0o755, created: at, modified: at }],
    at
  )
}

/**
 * Removes a path and everything under it.
 *
 * @since 0.1.0
 * @category updates
 */
export const remove = (tree: Tree, path: string): Tree => {
  const p = normalizePath(path)
  return p === "/" ? [] : tree.filter((n) => !under(n, p))
}

/**
 * Moves a path (and its contents) to another, creating the destination's parents.
 *
 * @since 0.1.0
 * @category updates
 */
export const move = (tree: Tree, from: string, to: string, at: number): Tree => {
  const src = normalizePath(from)
  const dst = normalizePath(to)
  const moved = tree
    .filter((n) => under(n, src))
    .map((n) => ({ ...n, path: dst + n.path.slice(src.length), modified: n.path === src ? at : n.modified }))
  return withParents([...tree.filter((n) => !under(n, src) && !under(n, dst)), ...moved], at)
}

/**
 * Where Wings puts a copy: `name copy.ext`, then `name copy 1.ext`, … in the same directory.
 *
 * @since 0.1.0
 * @category paths
 */
export const copyName = (tree: Tree, path: string): string => {
  const p = normalizePath(path)
  const dir = parentOf(p)
  const base = p.slice(p.lastIndexOf("/") + 1)
  const dot = base.indexOf(".", 1)
  const stem = dot === -1 ? base : base.slice(0, dot)
  const ext = dot === -1 ? "" : base.slice(dot)
  for (let i = 0; ; i++) {
    const candidate = join(dir, `${stem} copy${i === 0 ? "" : ` ${i}`}${ext}`)
    if (find(tree, candidate) === undefined) return candidate
  }
}

/**
 * Total size of the files, as `disk_bytes`.
 *
 * @since 0.1.0
 * @category queries
 */
export const size = (tree: Tree): number => tree.reduce((sum, n) => sum + (n.directory ? 0 : n.content.length), 0)

const rwx = (bits: number) => `${bits & 4 ? "r" : "-"}${bits & 2 ? "w" : "-"}${bits & 1 ? "x" : "-"}`

/**
 * The mode as Wings writes it: Go's `FileMode.String()` of the file's stat (`server/filesystem/
 * stat.go::MarshalJSON`), a letter for each of directory, setuid (`u`), setgid (`g`) and sticky
 * (`t`) that is set, `-` when none is, then `rwxrwxrwx` (`-rw-r--r--`, `drwxr-xr-x`,
 * `urwxr-xr-x`).
 *
 * @since 0.1.0
 * @category files
 */
export const modeString = (node: FileNode): string => {
  const flags = `${node.directory ? "d" : ""}${node.mode & 0o4000 ? "u" : ""}${node.mode & 0o2000 ? "g" : ""}${node.mode & 0o1000 ? "t" : ""}`
  return `${flags === "" ? "-" : flags}${rwx(node.mode >> 6)}${rwx(node.mode >> 3)}${rwx(node.mode)}`
}

const MIME: Record<string, string> = {
  txt: "text/plain; charset=utf-8",
  log: "text/plain; charset=utf-8",
  properties: "text/plain; charset=utf-8",
  yml: "text/plain; charset=utf-8",
  yaml: "text/plain; charset=utf-8",
  json: "application/json",
  jar: "application/java-archive",
  zip: "application/zip",
  gz: "application/gzip",
  png: "image/png",
  sh: "text/x-shellscript; charset=utf-8"
}

/**
 * The MIME type Wings reports: `inode/directory` for directories, a guess by extension and
 * content otherwise.
 *
 * @since 0.1.0
 * @category files
 */
export const mimetype = (node: FileNode): string => {
  if (node.directory) return "inode/directory"
  const ext = node.path.split("/").pop()?.split(".").slice(1).pop()?.toLowerCase() ?? ""
  const known = MIME[ext]
  if (known !== undefined) return known
  if (node.content.length === 0) return "inode/x-empty"
  const sample = node.content.subarray(0, 512)
  return sample.includes(0) ? "application/octet-stream" : "text/plain; charset=utf-8"
}
