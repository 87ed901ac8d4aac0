"""Starts the mock panel, reads where it listens and its keys, calls both APIs, loads another
fixture, stops it. MOCK_PANEL is the command that starts it (in a project that installed the
package: `npx mock-panel serve`)."""
import json
import os
import shlex
import subprocess
import urllib.error
import urllib.request

command = shlex.split(os.environ.get("MOCK_PANEL", "npx mock-panel serve")) + ["--port", "0", "--json"]
panel = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
try:
    # One JSON line once it listens: url, port, profile, control, and every key with its role
    # (a package runner may print lines of its own before it).
    for line in panel.stdout:
        if line.startswith("{"):
            ready = json.loads(line)
            break
    else:
        raise SystemExit("the mock panel exited before listening")
    keys = {key["name"]: key for key in ready["keys"]}
    print("mock panel at", ready["url"])

    def call(path, key, method="GET", body=None):
        request = urllib.request.Request(
            ready["url"] + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                "Accept": "application/json",
                "Content-Type": "application/json",
                "Authorization": "Bearer " + keys[key]["bearer"],
            },
        )
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    status, servers = call("/api/client", "userClient")
    assert status == 200, status
    print("alice's servers:", [server["attributes"]["name"] for server in servers["data"]])

    # An application key on the Client API: the panel's own 403.
    status, body = call("/api/client", "rootApplication")
    assert status == 403, status
    print(status, body["errors"][0]["detail"])

    # Another fixture for the next test: here the package's default one with alice renamed.
    with open(os.path.join(os.path.dirname(__file__), "..", "fixtures", "default.json")) as file:
        fixture = json.load(file)
    fixture["users"][1]["username"] = "alice2"
    request = urllib.request.Request(
        ready["control"] + "/fixture",
        method="POST",
        data=json.dumps(fixture).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request).close()
    status, account = call("/api/client/account", "userClient")
    assert account["attributes"]["username"] == "alice2", account
    print("after POST /__mock/fixture, alice is", account["attributes"]["username"])
finally:
    panel.terminate()
    panel.wait(timeout=30)
