import { ClientApi } from "@ptero-effect/client-api"
import { LeanHttpClient } from "@ptero-effect/node"
import { Effect, ManagedRuntime } from "effect"
import * as http from "node:http"
const body = Buffer.from(JSON.stringify({object:"server",attributes:{server_owner:true,identifier:"1a2b3c04",internal_id:1,uuid:"1a2b3c04-0000-4000-8000-000000000001",name:"x".repeat(20),node:"n",is_node_under_maintenance:false,sftp_details:{ip:"1.2.3.4",port:2022},description:"",limits:{memory:1,swap:0,disk:1,io:500,cpu:0,threads:null,oom_disabled:true},invocation:"java",docker_image:"img",egg_features:[],feature_limits:{databases:0,allocations:0,backups:0},status:null,is_suspended:false,is_installing:false,is_transferring:false,relationships:{allocations:{object:"list",data:[]},variables:{object:"list",data:[]}}},meta:{is_server_owner:true,user_permissions:["*"]}}))
const server = http.createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(200, {"content-type":"application/json","content-length":String(body.length),"x-ratelimit-limit":"720","x-ratelimit-remaining":"719"}); res.end(body) }) })
await new Promise<void>(r => server.listen(0, "127.0.0.1", () => r()))
const url = `http://127.0.0.1:${(server.address() as any).port}`
const rt = ManagedRuntime.make(LeanHttpClient.layer)
const api = await rt.runPromise(ClientApi.make({ url, credentials: "ptlc_" + "a".repeat(11) + "b".repeat(32) }))
const one = api.servers.get("1a2b3c04")
const r = await rt.runPromise(Effect.either(one)); if (r._tag === "Left") { console.log(r.left); process.exit(1) }
const N = Number(process.env.N ?? 20000)
const c0 = process.cpuUsage()
await rt.runPromise(Effect.forEach(Array.from({length: N}), () => one, { concurrency: Number(process.env.C ?? 1), discard: true }))
const c = process.cpuUsage(c0)
console.log("cpu µs/req", (c.user + c.system) / N)
await rt.dispose(); server.close()
