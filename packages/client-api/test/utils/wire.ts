// Wire bodies built from §9.1, as the panel sends them.

export const item = (object: string, attributes: unknown, extra: Record<string, unknown> = {}) => ({
  object,
  attributes,
  ...extra
})

export const list = (object: string, items: ReadonlyArray<unknown>, meta?: Record<string, unknown>) => ({
  object: "list",
  data: items.map((attributes) => item(object, attributes)),
  ...(meta ? { meta } : {})
})

export const pagination = (total: number, count: number, perPage: number, currentPage: number) => ({
  total,
  count,
  per_page: perPage,
  current_page: currentPage,
  total_pages: Math.max(1, Math.ceil(total / perPage)),
  links: {}
})

export const nullResource = { object: "null_resource", attributes: null }

export const allocation = (id: number, isDefault = true) => ({
  id,
  ip: "10.0.0.5",
  ip_alias: null,
  port: 25564 + id,
  notes: null,
  is_default: isDefault
})

export const eggVariable = {
  name: "Server Jar File",
  description: "The name of the server jarfile to run the server with.",
  env_variable: "SERVER_JARFILE",
  default_value: "server.jar",
  server_value: "server.jar",
  is_editable: true,
  rules: "required|regex:/^([\\w\\d._-]+)(\\.jar)$/"
}

export const subuser = {
  uuid: "6a2b7c1e-9d4f-4c53-8e0a-1b2c3d4e5f60",
  username: "helper",
  email: "helper@example.com",
  image: "https://gravatar.com/avatar/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
  "2fa_enabled": false,
  created_at: "2024-10-24T12:04:30+00:00",
  permissions: ["websocket.connect", "control.console"]
}

export const server = (identifier = "1a7ce997", overrides: Record<string, unknown> = {}) => ({
  server_owner: true,
  identifier,
  internal_id: 7,
  uuid: `${identifier}-6bc3-4c7e-9a4f-0c1d2e3f4a5b`,
  name: "Survival",
  node: "node-1",
  is_node_under_maintenance: false,
  sftp_details: { ip: "node1.example.com", port: 2022 },
  description: "",
  limits: { memory: 2048, swap: 0, disk: 10240, io: 500, cpu: 200, threads: null, oom_disabled: true },
  invocation: "java -Xms128M -Xmx2048M -jar server.jar",
  docker_image: "ghcr.io/pterodactyl/yolks:java_17",
  egg_features: ["eula", "java_version"],
  feature_limits: { databases: 2, allocations: 3, backups: 5 },
  status: null,
  is_suspended: false,
  is_installing: false,
  is_transferring: false,
  relationships: {
    allocations: list("allocation", [allocation(1)]),
    variables: list("egg_variable", [eggVariable])
  },
  ...overrides
})

export const apiKey = (identifier: string, description = "deploy bot", allowedIps: Array<string> | null = []) => ({
  identifier,
  description,
  allowed_ips: allowedIps,
  last_used_at: null,
  created_at: "2024-10-24T12:04:30+00:00"
})

export const activity = (id: string) => ({
  id,
  batch: null,
  event: "server:power.start",
  is_api: true,
  ip: "127.0.0.1",
  description: null,
  properties: [],
  has_additional_metadata: false,
  timestamp: "2024-10-24T12:04:30+00:00"
})

export const fileObject = (name: string, isFile = true) => ({
  name,
  mode: isFile ? "-rw-r--r--" : "drwxr-xr-x",
  mode_bits: isFile ? "644" : "755",
  size: 1024,
  is_file: isFile,
  is_symlink: false,
  mimetype: isFile ? "text/plain" : "inode/directory",
  created_at: "2024-10-24T12:04:30+00:00",
  modified_at: "2024-10-24T12:04:30+00:00"
})

export const task = (id: number) => ({
  id,
  sequence_id: id,
  action: "command",
  payload: "say hello",
  time_offset: 0,
  is_queued: false,
  continue_on_failure: false,
  created_at: "2024-10-24T12:04:30+00:00",
  updated_at: "2024-10-24T12:04:30+00:00"
})

export const schedule = (id: number) => ({
  id,
  name: "Nightly restart",
  cron: { day_of_week: "*", day_of_month: "*", month: "*", hour: "4", minute: "0" },
  is_active: true,
  is_processing: false,
  only_when_online: false,
  last_run_at: null,
  next_run_at: "2024-10-25T04:00:00+00:00",
  created_at: "2024-10-24T12:04:30+00:00",
  updated_at: "2024-10-24T12:04:30+00:00",
  relationships: { tasks: list("schedule_task", [task(1)]) }
})

export const backup = (uuid: string) => ({
  uuid,
  is_successful: true,
  is_locked: false,
  name: "Before update",
  ignored_files: ["logs/"],
  checksum: "sha1:0a1b2c3d",
  bytes: 1048576,
  created_at: "2024-10-24T12:04:30+00:00",
  completed_at: "2024-10-24T12:05:30+00:00"
})

export const database = (withPassword?: "password" | "null") => ({
  id: "bEY4yAD5",
  host: { address: "10.0.0.9", port: 3306 },
  name: "s7_main",
  username: "u7_abcdef",
  connections_from: "%",
  max_connections: 0,
  ...(withPassword === undefined
    ? {}
    : {
        relationships: {
          password: withPassword === "password" ? item("database_password", { password: "hunter2pass" }) : nullResource
        }
      })
})
