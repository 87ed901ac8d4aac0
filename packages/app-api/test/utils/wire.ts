// Wire JSON of the application objects, written from spec §9.2 and §7.1 (not from our schemas).
import { json, type Reply } from "./fake.js"

export const TIMESTAMP = "2024-10-24T12:04:30+00:00"

export const user = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  external_id: null,
  uuid: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
  username: `user${id}`,
  email: `user${id}@example.com`,
  first_name: "Ada",
  last_name: "Lovelace",
  language: "en",
  root_admin: false,
  "2fa": false,
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
  ...overrides
})

export const server = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  external_id: null,
  uuid: `1a7ce997-0000-4000-8000-${String(id).padStart(12, "0")}`,
  identifier: "1a7ce997",
  name: `server ${id}`,
  description: "",
  status: null,
  suspended: false,
  limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100, threads: null, oom_disabled: true },
  feature_limits: { databases: 1, allocations: 2, backups: 3 },
  user: 1,
  node: 1,
  allocation: 10,
  nest: 1,
  egg: 5,
  container: {
    startup_command: "java -jar server.jar",
    image: "ghcr.io/pterodactyl/yolks:java_17",
    installed: 1,
    environment: { SERVER_JARFILE: "server.jar", STARTUP: "java -jar {{SERVER_JARFILE}}", P_SERVER_UUID: "x" }
  },
  updated_at: TIMESTAMP,
  created_at: TIMESTAMP,
  ...overrides
})

export const node = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  uuid: `2b8df000-0000-4000-8000-${String(id).padStart(12, "0")}`,
  public: true,
  name: `node ${id}`,
  description: null,
  location_id: 1,
  fqdn: `node${id}.example.com`,
  scheme: "https",
  behind_proxy: false,
  maintenance_mode: false,
  memory: 16384,
  memory_overallocate: 0,
  disk: 102400,
  disk_overallocate: 0,
  upload_size: 100,
  daemon_listen: 8080,
  daemon_sftp: 2022,
  daemon_base: "/var/lib/pterodactyl/volumes",
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
  allocated_resources: { memory: 2048, disk: 10240 },
  ...overrides
})

export const location = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  short: `loc${id}`,
  long: "Somewhere",
  updated_at: TIMESTAMP,
  created_at: TIMESTAMP,
  ...overrides
})

export const allocation = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  ip: "10.0.0.1",
  alias: null,
  port: 25565 + id,
  notes: null,
  assigned: false,
  ...overrides
})

export const nest = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  uuid: `3c9e0000-0000-4000-8000-${String(id).padStart(12, "0")}`,
  author: "support@pterodactyl.io",
  name: "Minecraft",
  description: "Minecraft - the classic game from Mojang.",
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
  ...overrides
})

export const egg = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  uuid: `4d0f0000-0000-4000-8000-${String(id).padStart(12, "0")}`,
  name: "Paper",
  nest: 1,
  author: "parker@pterodactyl.io",
  description: null,
  docker_image: "ghcr.io/pterodactyl/yolks:java_17",
  docker_images: { "Java 17": "ghcr.io/pterodactyl/yolks:java_17" },
  config: {
    files: {},
    startup: { done: ")! For help, type " },
    stop: "stop",
    logs: {},
    file_denylist: [],
    extends: null
  },
  startup: "java -jar {{SERVER_JARFILE}}",
  script: { privileged: true, install: "#!/bin/ash", entry: "ash", container: "alpine:3.4", extends: null },
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
  ...overrides
})

export const eggVariable = (id: number) => ({
  id,
  egg_id: 5,
  name: "Server Jar File",
  description: "The name of the server jarfile to run the server with.",
  env_variable: "SERVER_JARFILE",
  default_value: "server.jar",
  user_viewable: true,
  user_editable: true,
  rules: "required|string|max:20",
  created_at: "2024-10-24T12:04:30.000000Z",
  updated_at: "2024-10-24T12:04:30.000000Z"
})

export const serverDatabase = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  server: 7,
  host: 2,
  database: `s7_db${id}`,
  username: `u7_user${id}`,
  remote: "%",
  max_connections: 0,
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
  ...overrides
})

export const databaseHost = (id: number) => ({
  id,
  name: "primary",
  host: "10.0.0.5",
  port: 3306,
  username: "pterodactyl",
  node: null,
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP
})

export const NULL_RESOURCE = { object: "null_resource", attributes: null }

export const item = (object: string | null, attributes: unknown) => ({ object, attributes })

export const list = (object: string, items: ReadonlyArray<unknown>) => ({
  object: "list",
  data: items.map((attributes) => item(object, attributes))
})

/** A paginated list of `items`, sliced for `page` of `perPage` (§7.1). */
export const page = (object: string, all: ReadonlyArray<unknown>, page: number, perPage: number) => {
  const data = all.slice((page - 1) * perPage, page * perPage)
  const totalPages = Math.max(1, Math.ceil(all.length / perPage))
  return {
    ...list(object, data),
    meta: {
      pagination: {
        total: all.length,
        count: data.length,
        per_page: perPage,
        current_page: page,
        total_pages: totalPages,
        links: page < totalPages ? { next: `https://panel.example/api/application/x?page=${page + 1}` } : {}
      }
    }
  }
}

export const ok = (value: unknown): Reply => json(200, value)
export const created = (value: unknown): Reply => json(201, value)
export const noContent: Reply = { status: 204 }
