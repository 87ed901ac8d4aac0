import { describe, expect, it } from "vitest"
import * as Totp from "../../src/client-api/Totp.js"
import { expectError, k, usePanel } from "../helpers.js"
import { expectDisplay, expectValidation, ISO, send } from "./support.js"

const panel = usePanel()

// A well-formed RSA public key blob with a modulus of `bits` bits.
const rsaKey = (bits: number) => {
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, (b.length >> 8) & 255, b.length & 255]), b])
  const modulus = Buffer.alloc(bits / 8 + 1, 0xab)
  modulus[0] = 0
  const blob = Buffer.concat([str(Buffer.from("ssh-rsa")), str(Buffer.from([1, 0, 1])), str(modulus)])
  return `ssh-rsa ${blob.toString("base64")} key-${bits}`
}

describe("two-factor (§8.1)", () => {
  it("setup → enable with a TOTP code (200 recovery_tokens) → setup again 400 → disable (204)", async () => {
    const key = k(panel, "userClient")
    const setup = await send(panel, "GET", "/api/client/account/two-factor", key)
    expect(setup.status).toBe(200)
    const { secret, image_url_data } = setup.json.data
    expect(image_url_data).toMatch(
      /^otpauth:\/\/totp\/Pterodactyl:alice%40example\.com\?secret=[A-Z2-7]+&issuer=Pterodactyl$/
    )
    expectError(
      await send(panel, "POST", "/api/client/account/two-factor", key, { code: "123456", password: "wrong" }),
      400,
      "BadRequestHttpException",
      "The password provided was not valid."
    )
    expectDisplay(
      await send(panel, "POST", "/api/client/account/two-factor", key, { code: "000000", password: "alice-password" }),
      "TwoFactorAuthenticationTokenInvalid",
      // app/Exceptions/Service/User/TwoFactorAuthenticationTokenInvalid.php
      "The provided two-factor authentication token was not valid."
    )
    const enabled = await send(panel, "POST", "/api/client/account/two-factor", key, {
      code: Totp.code(secret, Date.now()),
      password: "alice-password"
    })
    expect(enabled.status).toBe(200)
    expect(enabled.json.object).toBe("recovery_tokens")
    expect(enabled.json.attributes.tokens).toHaveLength(10)
    expectError(
      await send(panel, "GET", "/api/client/account/two-factor", key),
      400,
      "BadRequestHttpException",
      "Two-factor authentication is already enabled on this account."
    )
    expect(
      (await send(panel, "POST", "/api/client/account/two-factor/disable", key, { password: "alice-password" })).status
    ).toBe(204)
  })

  it("enable: code must be 6 characters (422 rule size)", async () => {
    expectValidation(
      await send(panel, "POST", "/api/client/account/two-factor", k(panel, "userClient"), {
        code: "12",
        password: "x"
      }),
      [["code", "size", "The code must be 6 characters."]]
    )
  })
})

describe("email and password (§8.1, §10.4 AccountControllerTest)", () => {
  it("wrong password → 400 before any 422; success 204 and the change is visible", async () => {
    const key = k(panel, "userClient")
    expectDisplay(
      await send(panel, "PUT", "/api/client/account/email", key, { email: "not-an-email", password: "wrong" }),
      "InvalidPasswordProvidedException",
      "The password provided was invalid for this account."
    )
    expectValidation(
      await send(panel, "PUT", "/api/client/account/email", key, { email: "not-an-email", password: "alice-password" }),
      [["email", "email", "The email must be a valid email address."]]
    )
    expectValidation(
      await send(panel, "PUT", "/api/client/account/email", key, {
        email: "bob@example.com",
        password: "alice-password"
      }),
      [["email", "unique", "The email has already been taken."]]
    )
    const ok = await send(panel, "PUT", "/api/client/account/email", key, {
      email: "alice@new.example.com",
      password: "alice-password"
    })
    expect(ok.status).toBe(204)
    expect((await send(panel, "GET", "/api/client/account", key)).json.attributes.email).toBe("alice@new.example.com")
  })

  it("password: min 8 and confirmed (422); then the new password is the one checked", async () => {
    const key = k(panel, "userClient")
    expectValidation(
      await send(panel, "PUT", "/api/client/account/password", key, {
        current_password: "alice-password",
        password: "short",
        password_confirmation: "other"
      }),
      [
        ["password", "confirmed", "The password confirmation does not match."],
        ["password", "min", "The password must be at least 8 characters."]
      ]
    )
    const ok = await send(panel, "PUT", "/api/client/account/password", key, {
      current_password: "alice-password",
      password: "a-much-longer-one",
      password_confirmation: "a-much-longer-one"
    })
    expect(ok.status).toBe(204)
    expectDisplay(
      await send(panel, "PUT", "/api/client/account/email", key, { email: "a@b.example", password: "alice-password" }),
      "InvalidPasswordProvidedException",
      "The password provided was invalid for this account."
    )
  })
})

describe("account activity (§7.2)", () => {
  it("paginated activity_log of the account, newest first, 25 per page", async () => {
    const key = k(panel, "userClient")
    await send(panel, "PUT", "/api/client/account/email", key, { email: "alice@x.example", password: "alice-password" })
    const res = await send(panel, "GET", "/api/client/account/activity", key)
    expect(res.status).toBe(200)
    expect(res.json.meta.pagination).toMatchObject({ total: 2, per_page: 25 })
    expect(res.json.data.map((d: any) => d.attributes.properties.new)).toEqual(["alice@x.example", "alice@example.com"])
    expect(res.json.data[0].attributes.timestamp).toMatch(ISO)
    const oldest = await send(panel, "GET", "/api/client/account/activity?sort=timestamp", key)
    expect(oldest.json.data.map((d: any) => d.attributes.properties.new)).toEqual([
      "alice@example.com",
      "alice@x.example"
    ])
  })
})

describe("API key activity (§4.7, §10.1)", () => {
  it("creating and deleting a key logs user:api-key.create and user:api-key.delete; a 404 logs nothing", async () => {
    const key = k(panel, "userClient")
    const created = await send(panel, "POST", "/api/client/account/api-keys", key, { description: "ci" })
    const identifier = created.json.attributes.identifier
    expect((await send(panel, "DELETE", `/api/client/account/api-keys/${identifier}`, key)).status).toBe(204)
    expect((await send(panel, "DELETE", "/api/client/account/api-keys/ptlc_nosuchkey00", key)).status).toBe(404)
    const res = await send(panel, "GET", "/api/client/account/activity?filter[event]=api-key", key)
    expect(res.json.data.map((d: any) => [d.attributes.event, d.attributes.properties.identifier])).toEqual([
      ["user:api-key.delete", identifier],
      ["user:api-key.create", identifier]
    ])
  })
})

describe("SSH keys (§8.1, §9.1 ssh_key)", () => {
  it("add (200 ssh_key with a SHA-256 fingerprint), list, duplicate 422, remove 204 (no-op when absent)", async () => {
    const key = k(panel, "userClient")
    const publicKey = rsaKey(2048)
    const added = await send(panel, "POST", "/api/client/account/ssh-keys", key, {
      name: "laptop",
      public_key: publicKey
    })
    expect(added.status).toBe(200)
    expect(added.json.object).toBe("ssh_key")
    expect(added.json.attributes).toEqual({
      name: "laptop",
      fingerprint: expect.stringMatching(/^[A-Za-z0-9+/]{43}$/),
      public_key: publicKey,
      created_at: expect.stringMatching(ISO)
    })
    const listed = await send(panel, "GET", "/api/client/account/ssh-keys", key)
    expect(listed.json.data).toHaveLength(1)
    expectValidation(
      await send(panel, "POST", "/api/client/account/ssh-keys", key, { name: "again", public_key: publicKey }),
      [["public_key", "", "The public key provided already exists on your account."]]
    )
    const fingerprint = added.json.attributes.fingerprint
    expect((await send(panel, "POST", "/api/client/account/ssh-keys/remove", key, { fingerprint })).status).toBe(204)
    expect((await send(panel, "POST", "/api/client/account/ssh-keys/remove", key, { fingerprint })).status).toBe(204)
    expect((await send(panel, "GET", "/api/client/account/ssh-keys", key)).json.data).toEqual([])
  })

  it("rejects short RSA, DSA and garbage keys (422, no rule)", async () => {
    const key = k(panel, "userClient")
    expectValidation(
      await send(panel, "POST", "/api/client/account/ssh-keys", key, { name: "a", public_key: rsaKey(1024) }),
      [["public_key", "", "RSA keys must be at least 2048 bytes in length."]]
    )
    expectValidation(
      await send(panel, "POST", "/api/client/account/ssh-keys", key, { name: "a", public_key: "hello" }),
      [["public_key", "", "The public key provided is not valid."]]
    )
    const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b])
    const dss = Buffer.concat([str(Buffer.from("ssh-dss")), str(Buffer.alloc(8, 1)), str(Buffer.alloc(8, 2))])
    expectValidation(
      await send(panel, "POST", "/api/client/account/ssh-keys", key, {
        name: "a",
        public_key: `ssh-dss ${dss.toString("base64")}`
      }),
      [["public_key", "", "DSA keys are not supported."]]
    )
  })
})
