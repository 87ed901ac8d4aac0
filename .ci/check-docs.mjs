#!/usr/bin/env node
// Checks that what the repository (or one unpacked package) points to exists.
//
//   node .ci/check-docs.mjs               the repository: every relative link of every Markdown
//                                         file resolves (file, directory, #anchor); every §N /
//                                         §N.N cited in code, tests and Markdown is a heading of
//                                         docs/panel/*.md; nothing points to documents outside the
//                                         repository; every entry point of a service (`make`,
//                                         `layer`, `layerConfig`, `start`) has an `@example`
//   node .ci/check-docs.mjs --package D   an unpacked tarball: its Markdown links, the relative
//                                         `$schema` of its JSON files and the `sources` of its
//                                         source maps resolve inside D
//
// Prints one line per broken reference (file:line) and exits 1 if there is any.
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const problems = []
const problem = (file, line, message) => problems.push(`${file}${line ? `:${line}` : ""}: ${message}`)

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const slug = (heading) =>
  heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-")

/** Lines of a Markdown file outside fenced code blocks, with their 1-based numbers. */
const proseLines = (text) => {
  const out = []
  let fence = null
  text.split("\n").forEach((line, index) => {
    const marker = /^\s*(```+|~~~+)/.exec(line)
    if (marker) {
      if (fence === null) fence = marker[1][0]
      else if (marker[1][0] === fence) fence = null
      return
    }
    if (fence === null) out.push({ line: index + 1, text: line })
  })
  return out
}

/** The anchors a Markdown file defines: its headings (with GitHub's -1, -2 for repeats). */
const anchorCache = new Map()
const anchors = (file) => {
  let set = anchorCache.get(file)
  if (set === undefined) {
    set = new Set()
    const seen = new Map()
    for (const { text } of proseLines(Fs.readFileSync(file, "utf8"))) {
      const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)
      if (!heading) continue
      const base = slug(heading[1])
      const count = seen.get(base) ?? 0
      seen.set(base, count + 1)
      set.add(count === 0 ? base : `${base}-${count}`)
    }
    anchorCache.set(file, set)
  }
  return set
}

/** Relative link targets of a Markdown file: inline links, images and reference definitions. */
const links = (text) => {
  const out = []
  for (const { line, text: content } of proseLines(text)) {
    const prose = content.replace(/`[^`]*`/g, "")
    for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ line, target: match[1] })
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(prose)
    if (definition) out.push({ line, target: definition[1] })
  }
  return out.filter(({ target }) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
}

/** Checks the relative links of one Markdown file; `root`, when given, is a boundary. */
const checkMarkdown = (file, display, root) => {
  for (const { line, target } of links(Fs.readFileSync(file, "utf8"))) {
    const [rawPath, anchor] = target.split("#", 2)
    const path = decodeURIComponent(rawPath)
    const resolved = path === "" ? file : Path.resolve(Path.dirname(file), path)
    if (root !== undefined && Path.relative(root, resolved).startsWith("..")) {
      problem(display, line, `${target} points outside the package`)
      continue
    }
    if (!Fs.existsSync(resolved)) {
      problem(display, line, `${target}: no such file`)
      continue
    }
    if (anchor !== undefined && anchor !== "" && resolved.endsWith(".md") && !anchors(resolved).has(anchor)) {
      problem(display, line, `${target}: no heading with the anchor #${anchor}`)
    }
  }
}

/** Section numbers defined by headings such as `## 2. Authentication` or `### 2.4 Failures`. */
const sections = (dir) => {
  const defined = new Set()
  for (const name of Fs.readdirSync(dir).filter((n) => n.endsWith(".md"))) {
    for (const { text } of proseLines(Fs.readFileSync(Path.join(dir, name), "utf8"))) {
      const heading = /^#{1,6}\s+§?(\d+(?:\.\d+)*)\.?(?:\s|$)/.exec(text)
      if (heading) defined.add(heading[1])
    }
  }
  return defined
}

const CITATION = /§\s?(\d+(?:\.\d+)*)/g
const CITING = /\.(ts|tsx|js|mjs|cjs|md|json|sh)$/

// What a reader of the repository alone cannot follow: the team's documents outside it, and the
// numbers of the issues a change came from.
const OUTSIDE = [
  [/\.\.\/shared\b|shared\/(spec|DESIGN)/, "a path outside the repository"],
  [/\bseed (document|guide)|\bthe seed\b/i, "an outside document (write the fact here, citing the panel's source)"],
  [/\bissue #?\d+|#\d+ item \d+/i, "an issue number"],
  [/\bspec §|\bthe spec\b/i, "an outside spec (cite the section alone: §N.N)"]
]

// A service module (it defines a Context.Tag) documents how to get one with an @example.
const ENTRY_POINT = /^export const (make|layer|layerConfig|start)\b/

const checkEntryPoints = (file, text) => {
  const lines = text.split("\n")
  lines.forEach((line, index) => {
    if (!ENTRY_POINT.test(line)) return
    let start = index - 1
    while (start >= 0 && !lines[start].trimStart().startsWith("/**")) {
      if (!/^\s*\*|^\s*\/\//.test(lines[start])) break
      start--
    }
    const doc = start >= 0 ? lines.slice(start, index).join("\n") : ""
    if (!doc.includes("@example"))
      problem(file, index + 1, `${line.match(ENTRY_POINT)[1]} has no @example in its JSDoc`)
  })
}

const checkRepository = (root) => {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8"
  })
    .split("\n")
    .filter((f) => f !== "" && Fs.existsSync(Path.join(root, f)) && !f.startsWith("docs/api/"))
  const panelDocs = Path.join(root, "docs", "panel")
  const defined = Fs.existsSync(panelDocs) ? sections(panelDocs) : new Set()
  let cited = 0
  for (const file of files) {
    const full = Path.join(root, file)
    if (file.endsWith(".md")) checkMarkdown(full, file, undefined)
    if (!CITING.test(file) || file === "pnpm-lock.yaml") continue
    const text = Fs.readFileSync(full, "utf8")
    text.split("\n").forEach((line, index) => {
      for (const match of line.matchAll(CITATION)) {
        cited++
        if (!defined.has(match[1])) problem(file, index + 1, `§${match[1]} is not a heading in docs/panel/*.md`)
      }
      if (file === ".ci/check-docs.mjs") return
      for (const [pattern, what] of OUTSIDE) {
        const found = pattern.exec(line)
        if (found) problem(file, index + 1, `"${found[0]}": ${what}`)
      }
    })
    if (/(^|\/)src\/[^/]+\.ts$/.test(file) && text.includes("Context.Tag(")) checkEntryPoints(file, text)
  }
  return `${files.filter((f) => f.endsWith(".md")).length} Markdown files, ${cited} § citations, ${defined.size} sections`
}

const walk = (dir) =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = Path.join(dir, entry.name)
    return entry.isDirectory() ? walk(full) : [full]
  })

const checkPackage = (root) => {
  const files = walk(root)
  let maps = 0
  for (const full of files) {
    const file = Path.relative(root, full)
    if (file.endsWith(".md")) checkMarkdown(full, file, root)
    if (file.endsWith(".json") && !file.endsWith(".map")) {
      const schema = JSON.parse(Fs.readFileSync(full, "utf8")).$schema
      if (typeof schema === "string" && !/^[a-z]+:/i.test(schema)) {
        const resolved = Path.resolve(Path.dirname(full), schema)
        if (!Fs.existsSync(resolved) || Path.relative(root, resolved).startsWith("..")) {
          problem(file, 0, `$schema ${schema} is not in the package`)
        }
      }
    }
    if (file.endsWith(".map")) {
      maps++
      const map = JSON.parse(Fs.readFileSync(full, "utf8"))
      map.sources.forEach((source, index) => {
        if (typeof map.sourcesContent?.[index] === "string") return
        const resolved = Path.resolve(Path.dirname(full), map.sourceRoot ?? "", source)
        if (!Fs.existsSync(resolved) || Path.relative(root, resolved).startsWith("..")) {
          problem(file, 0, `source ${source} is neither in the package nor in sourcesContent`)
        }
      })
    }
  }
  return `${files.length} files, ${maps} source maps`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const packageFlag = process.argv.indexOf("--package")
  const summary =
    packageFlag === -1
      ? checkRepository(Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), ".."))
      : checkPackage(Path.resolve(process.argv[packageFlag + 1]))
  for (const line of problems) console.error(line)
  console.log(`check-docs: ${summary}, ${problems.length} problem(s)`)
  process.exitCode = problems.length === 0 ? 0 : 1
}
