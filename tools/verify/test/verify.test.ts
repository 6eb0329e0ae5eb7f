import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startMock, type RunningMock } from "@b2bkit/mock";
import { testServer, type TestServer } from "@b2bkit/mock/test-server";
import { PLANS } from "../src/plans.js";

const run = promisify(execFile);
const CLI = fileURLToPath(new URL("../bin/verify.js", import.meta.url));
// Every vendor verify has a plan for (a vendor without one is refused by name).
const VENDORS = Object.keys(PLANS);

/** Credentials a mock accepts (it checks their presence and form, never their value). */
const ENV: Record<string, string> = {
  B2BKIT_AMAGE_DEVICE_UUID: "5b0f3c9e-7d2a-4d8e-9a41-0c6f1e2b3a47",
  B2BKIT_AMAGE_API_KEY: "verify-key-1",
  B2BKIT_AMAGE_SECRET: "verify-secret-1",
  B2BKIT_JIWA_USERNAME: "api",
  B2BKIT_JIWA_PASSWORD: "verify-password-1",
  B2BKIT_PORTOS_USERNAME: "999",
  B2BKIT_PORTOS_PASSWORD: "verify-password-2",
  B2BKIT_PORTOS_DEVICE: "P01",
  B2BKIT_TLSECURE_DOMAIN_CODE: "00000",
  B2BKIT_AMPLIFIER_USERNAME: "translator",
  B2BKIT_AMPLIFIER_PASSWORD: "verify-password-3",
};

interface Report {
  vendor: string;
  upstream: string;
  ok: boolean;
  error?: string;
  leftovers?: string[];
  operations: Array<{ operationId: string; method: string; path: string; status: number | null; ok: boolean; skipped?: string; calls?: number; error?: string; violations: Array<{ location: string; message: string; got?: string }> }>;
}

/** `pnpm verify` as a user runs it: exit code, output, and the JSON report. */
async function verify(args: string[], env: Record<string, string> = ENV) {
  const dir = await mkdtemp(join(tmpdir(), "b2bkit-verify-"));
  const reportFile = join(dir, "report.json");
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args, "--report", reportFile], { env: { PATH: process.env["PATH"] ?? "", ...env } });
    return { code: 0, stdout, stderr, report: JSON.parse(await readFile(reportFile, "utf8")) as Report };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    const report = await readFile(reportFile, "utf8").then((t) => JSON.parse(t) as Report, () => undefined);
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, report };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Passes one request on to a Prism mock and its answer back, as the vendor would answer it. */
async function forward(mock: RunningMock, req: { method: string; url: string; body: string }, res: import("node:http").ServerResponse) {
  const headers: Record<string, string> = { accept: "application/json", authorization: "Bearer x" };
  if (req.body) headers["content-type"] = "application/json";
  const answer = await fetch(mock.url + req.url, { method: req.method, headers, ...(req.body ? { body: req.body } : {}) });
  const type = answer.headers.get("content-type");
  res.writeHead(answer.status, type ? { "content-type": type } : {}).end(await answer.text());
}

describe.each(VENDORS)("pnpm verify %s against an upstream that agrees with the spec (its Prism mock)", (vendor) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ vendor, port: await freePort() });
  });
  afterAll(() => mock.stop());

  it("calls every read it can, reports each operation, and exits 0; --allow-writes adds create → read → delete", async () => {
    const env = { ...ENV, B2BKIT_AMPLIFIER_AUTH_URL: `${mock.url}/auth/` };
    for (const extra of [[], ["--allow-writes"]]) {
      const { code, stdout, report } = await verify([vendor, "--upstream", mock.url, ...extra], env);
      expect(code, stdout).toBe(0);
      expect(report!.ok).toBe(true);
      expect(report!.vendor).toBe(vendor);
      const called = report!.operations.filter((op) => !op.skipped);
      expect(called.length).toBeGreaterThan(1);
      for (const op of called) expect(op, op.operationId).toMatchObject({ ok: true, violations: [] });
      for (const op of report!.operations.filter((o) => o.skipped)) expect(op.skipped, op.operationId).not.toBe("");
      // Nothing is left unexplained: every read that could run did.
      expect(report!.operations.filter((op) => op.skipped === "not reached by the sequence")).toEqual([]);
      // Writes happen only when asked.
      const writes = report!.operations.filter((op) => op.method !== "GET" && !op.skipped && !/^(authPost|login|getToken|terminateSession)$/.test(op.operationId));
      if (extra.length === 0) expect(writes).toEqual([]);
      expect(stdout).toMatch(new RegExp(`^${vendor} at ${mock.url.replace(/[.]/g, "\\.")}: \\d+ of \\d+ operations called, 0 drifts: the server agrees with the spec$`, "m"));
    }
  });
});

describe("pnpm verify against an upstream that drifts", () => {
  let mock: RunningMock;
  let drifting: TestServer;
  beforeAll(async () => {
    mock = await startMock({ vendor: "tlsecure", port: await freePort() });
    // The mock's own answers, with one drift per operation.
    drifting = await testServer(async (req, res) => {
      const headers: Record<string, string> = { token: "abcdefghijklmnopqrstuvwxyz", accept: "application/json" };
      if (req.body) headers["content-type"] = String(req.headers["content-type"]);
      const answer = await fetch(mock.url + req.url, { method: req.method, headers, ...(req.body ? { body: req.body } : {}) });
      const body = (await answer.json()) as { response: Record<string, unknown> };
      if (req.url.endsWith("/customer/b2b") && req.method === "GET") {
        // A renamed field: the envelope's `response` arrives as `reponse`.
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ reponse: body.response }));
      }
      if (req.url.endsWith("/customer/token")) {
        // A boolean sent as a string.
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ response: { ...body.response, success: "true" } }));
      }
      if (req.url.endsWith("/customer/b2b") && req.method === "POST") {
        // A code the operation's list does not name: the tolerant spec accepts it, the report names it.
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ response: { ...body.response, code: 77 } }));
      }
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
  });
  afterAll(async () => {
    await drifting.close();
    await mock.stop();
  });

  it("reports each drift at its operation and field, and exits 1", async () => {
    const { code, stdout, report } = await verify(["tlsecure", "--upstream", drifting.url, "--allow-writes"], { ...ENV, B2BKIT_TLSECURE_TOKEN: "abcdefghijklmnopqrstuvwxyz" });
    expect(code, stdout).toBe(1);
    expect(report!.ok).toBe(false);
    const byId = Object.fromEntries(report!.operations.map((op) => [op.operationId, op]));
    expect(byId["listCustomersB2b"]!.ok).toBe(false);
    expect(byId["listCustomersB2b"]!.violations).toContainEqual(expect.objectContaining({ location: "response.body", message: expect.stringContaining("response") }));
    expect(byId["getCustomerToken"]!.violations).toContainEqual(expect.objectContaining({ location: "response.body.response.success", got: '"true"' }));
    expect(byId["createCustomerB2b"]!.violations).toEqual([
      { location: "response.body.response.code", message: "77 is not one of the documented values (0, 1, 2, 3, 4, 5, 9, 10, 99)", got: "77" },
    ]);
    // What agrees is still reported as agreeing.
    expect(byId["deleteCustomerB2b"]).toMatchObject({ ok: true, violations: [] });
    expect(stdout).toMatch(/^listCustomersB2b \(GET \/api\/\{returnType\}\/\{domainCode\}\/customer\/b2b, HTTP 200\):$/m);
    expect(stdout).toMatch(/^  response\.body\.response\.success: .* — got "true"$/m);
  });

  it("reports a status the spec does not declare", async () => {
    const teapot = await testServer((_req, res) => void res.writeHead(418, { "content-type": "application/json" }).end('{"response":{"success":false,"code":99,"message":"teapot"}}'));
    try {
      const { code, report } = await verify(["tlsecure", "--upstream", teapot.url], { ...ENV, B2BKIT_TLSECURE_TOKEN: "abcdefghijklmnopqrstuvwxyz" });
      expect(code).toBe(1);
      const list = report!.operations.find((op) => op.operationId === "listCustomersB2b")!;
      expect(list.status).toBe(418);
      expect(list.violations).toContainEqual(expect.objectContaining({ location: "response", message: expect.stringContaining("status code") }));
    } finally {
      await teapot.close();
    }
  });
});

describe("pnpm verify: bad usage and an unreachable upstream exit 2", () => {
  it("names every missing variable", async () => {
    const { code, stderr } = await verify(["amage", "--upstream", "http://127.0.0.1:9"], { B2BKIT_AMAGE_API_KEY: "k" });
    expect(code).toBe(2);
    expect(stderr).toContain("verify: amage: set B2BKIT_AMAGE_DEVICE_UUID (the UUID of the device registered for API access); B2BKIT_AMAGE_SECRET (the API key secret) in the environment");
    const jiwa = await verify(["jiwa", "--upstream", "http://127.0.0.1:9"], {});
    expect(jiwa.stderr).toContain("B2BKIT_JIWA_USERNAME + B2BKIT_JIWA_PASSWORD, or B2BKIT_JIWA_API_KEY");
  });

  it("refuses an unknown vendor, a missing --upstream, and an upstream it cannot reach", async () => {
    expect((await verify(["acme", "--upstream", "http://127.0.0.1:9"])).stderr).toContain('unknown vendor "acme"');
    expect((await verify(["amage"])).stderr).toContain("--upstream <url> is required");
    const closed = await testServer(() => {});
    const url = closed.url;
    await closed.close();
    const unreachable = await verify(["amage", "--upstream", url]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`cannot reach ${url}: ECONNREFUSED`);
  });
});

describe("pnpm verify --record", () => {
  it("saves each answer with personal data and secrets replaced", async () => {
    const person = {
      id: 7,
      firstName: "Jana",
      lastName: "Nováková",
      email: "jana@firma.sk",
      phone: "+421 905 123 456",
      birthDate: "1990-05-01",
      note: "call jana@firma.sk or +421 905 123 456",
      kontakt: { telefon: 421905123456, adres: "Hlavná 1, Bratislava" },
      registered: "2024-03-01T10:00:00",
      cardUuid: "6f5e4d3c-2b1a-4c0d-9e8f-7a6b5c4d3e2f",
      externalId: "000000000K00000000BQ",
      status: "Active",
      _v: 3,
    };
    const upstream = await testServer((req, res) => {
      if (req.url === "/api/auth") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ tokenId: "tok.verify-record-1", refreshToken: "refresh-verify-1" }));
      if (req.url.startsWith("/customers?")) return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: [person], count: 1, totalCount: 1 }));
      if (req.url.startsWith("/customers/7")) return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(person));
      res.writeHead(204).end();
    });
    const dir = await mkdtemp(join(tmpdir(), "b2bkit-record-"));
    try {
      const { code, stdout } = await verify(["portos", "--upstream", upstream.url, "--record", dir]);
      expect([0, 1], stdout).toContain(code);
      const files = (await readdir(dir)).sort();
      expect(files).toEqual(["getCustomer.json", "listCustomers.json", "login.json", "terminateSession.json"]);
      const saved = await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")));
      for (const text of saved) {
        for (const secret of ["Jana", "Nováková", "jana@firma.sk", "905 123 456", "905123456", "Hlavná", "1990-05-01", "tok.verify-record-1", "refresh-verify-1", "verify-password-2"]) {
          expect(text).not.toContain(secret);
        }
      }
      const customer = JSON.parse(saved[0]!) as { status: number; body: Record<string, unknown> };
      expect(customer.status).toBe(200);
      // The shape and the values that say how the server writes things stay, ready to become an example.
      expect(customer.body).toMatchObject({
        id: 7,
        _v: 3,
        email: "user@example.com",
        phone: "+00 000 000 000",
        note: "[note]",
        kontakt: { telefon: 0, adres: "[adres]" },
        registered: "2024-03-01T10:00:00",
        cardUuid: "6f5e4d3c-2b1a-4c0d-9e8f-7a6b5c4d3e2f",
        // A long identifier stays (it is no secret: its field says what it is).
        externalId: "000000000K00000000BQ",
        status: "Active",
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
      await upstream.close();
    }
  });
});

describe("pnpm verify: what it did not check is never reported as agreement", () => {
  it("an upstream that refuses the credentials: exit 2, naming the refusal", async () => {
    const refusing = await testServer((_req, res) => void res.writeHead(401, { "content-type": "application/json" }).end('{"success":false,"errorCode":"UNAUTHORIZED","message":"bad key"}'));
    try {
      const { code, stderr } = await verify(["amage", "--upstream", refusing.url]);
      expect(code).toBe(2);
      expect(stderr).toContain(`verify: ${refusing.url} refused the credentials (`);
      expect(stderr).toContain("check the B2BKIT_AMAGE_* variables");
      expect(stderr).not.toContain("usage:");
    } finally {
      await refusing.close();
    }
  });

  it("an upstream lost during the run: exit 2, and the run stops there", async () => {
    // One that goes away (its port closes) and one that resets the connection and never answers again.
    for (const mode of ["gone", "silent"] as const) {
      let calls = 0;
      const dying: TestServer = await testServer((_req, res) => {
        calls += 1;
        if (calls <= 2) return void res.writeHead(200, { "content-type": "application/json" }).end("5");
        if (mode === "gone") void dying.close();
        else res.socket?.destroy();
      });
      try {
        const started = Date.now();
        const { code, stdout, stderr, report } = await verify(["amage", "--upstream", dying.url, "--timeout", "3"]);
        expect(code, stdout + stderr).toBe(2);
        expect(stderr).toMatch(/verify: lost http:\/\/127\.0\.0\.1:\d+ during the run \(at GET \/rest\/amage\/v1\/deliveries\/list(: no answer in 3 s)?\): nothing after it was checked/);
        expect(stderr).not.toContain("usage:");
        // The report says the run did not finish: never a stale or partial agreement.
        expect(report).toMatchObject({ ok: false, error: expect.stringContaining("during the run") });
        // It stopped at the lost call instead of waiting on every remaining step.
        expect(Date.now() - started).toBeLessThan(30_000);
        expect(dying.seen.filter((r) => r.url.includes("/orders"))).toEqual([]);
      } finally {
        await dying.close().catch(() => {});
      }
    }
  });

  it("a report path that cannot be written is refused before anything is sent", async () => {
    const upstream = await testServer((_req, res) => void res.writeHead(200).end());
    try {
      const { code, stderr } = await run(process.execPath, [CLI, "amage", "--upstream", upstream.url, "--report", "/nonexistent-dir/r.json"], { env: { PATH: process.env["PATH"] ?? "", ...ENV } }).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(code).toBe(2);
      expect(stderr).toContain("--report /nonexistent-dir/r.json: cannot write there (ENOENT)");
      expect(upstream.seen).toEqual([]);
    } finally {
      await upstream.close();
    }
  });

  it("deletes only a record it can show is its own; one it could not delete is reported as left behind", async () => {
    const mock = await startMock({ vendor: "portos", port: await freePort() });
    // A Portos that keeps what the run creates under a new id; the mock answers the rest. `refuseDelete` plays a
    // server that will not delete.
    const stateful = async (refuseDelete: boolean) => {
      const created = new Map<string, string>();
      return testServer(async (req, res) => {
        if (req.method === "POST" && req.url === "/customers") {
          const id = `new-${created.size + 1}`;
          const body = JSON.stringify({ ...(JSON.parse(req.body) as object), id });
          created.set(id, body);
          return void res.writeHead(201, { "content-type": "application/json" }).end(body);
        }
        const own = /^\/customers\/(new-\d+)$/.exec(req.url)?.[1];
        if (own && req.method === "GET") return void res.writeHead(200, { "content-type": "application/json" }).end(created.get(own));
        if (own && req.method === "DELETE") {
          if (refuseDelete) return void res.writeHead(409, { "content-type": "application/problem+json" }).end('{"title":"Locked","status":409,"errorCode":5}');
          created.delete(own);
          return void res.writeHead(204).end();
        }
        await forward(mock, req, res);
      });
    };
    try {
      const fine = await stateful(false);
      const run = await verify(["portos", "--upstream", fine.url, "--allow-writes"]);
      expect(run.report?.leftovers, run.stdout).toBeUndefined();
      expect(fine.seen.filter((r) => r.method === "DELETE" && r.url.startsWith("/customers/")).map((r) => r.url)).toEqual(["/customers/new-1"]);
      // The record it created carries the run's mark, so a leftover is recognisable.
      expect(fine.seen.find((r) => r.method === "POST" && r.url === "/customers")?.body).toMatch(/b2bkit-verify-/);
      await fine.close();

      const stubborn = await stateful(true);
      const { stdout, stderr, report } = await verify(["portos", "--upstream", stubborn.url, "--allow-writes"]);
      expect(report, stdout + stderr).toBeDefined();
      expect((report as Report & { leftovers?: string[] }).leftovers).toEqual([expect.stringMatching(/^customer new-1 \(deleteCustomer: ApiError: HTTP 409/)]);
      expect(stdout).toMatch(/^LEFT BEHIND on the server, delete it yourself: customer new-1/m);
      await stubborn.close();

      // Against the plain mock the "created" id is one the list already showed: not provably the run's own, so no
      // delete is sent, and the record is named as left behind.
      const plain = await testServer((req, res) => void forward(mock, req, res));
      const cautious = await verify(["portos", "--upstream", plain.url, "--allow-writes"]);
      expect(plain.seen.filter((r) => r.method === "DELETE" && r.url.startsWith("/customers/"))).toEqual([]);
      expect((cautious.report as Report & { leftovers?: string[] }).leftovers).toEqual([expect.stringMatching(/^customer customer-id \(deleteCustomer not sent: customer-id was in the server's answers before the run created it/)]);
      await plain.close();
    } finally {
      await mock.stop();
    }
  });
});

describe("pnpm verify against a hostile server", () => {
  it("follows no redirect: nothing, and no credential, reaches the address a server redirects to", async () => {
    const elsewhere = await testServer((_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    const redirecting = await testServer((req, res) => {
      if (req.method === "GET" && req.url === "/") return void res.writeHead(200).end();
      res.writeHead(307, { location: `${elsewhere.url}/steal${req.url}` }).end();
    });
    try {
      // AMAGE signs every request; Portos sends its password to a login that redirects.
      const amage = await verify(["amage", "--upstream", redirecting.url]);
      expect(amage.code, amage.stdout + amage.stderr).toBe(1);
      expect(amage.stdout).toContain(`redirected (HTTP 307) to ${elsewhere.url}/steal/rest/amage/v1/deliveries/count: not followed, so the credentials stay with --upstream`);
      const portos = await verify(["portos", "--upstream", redirecting.url]);
      expect(portos.code).toBe(2);
      expect(portos.stderr).toContain(`it redirected (HTTP 307 to ${elsewhere.url}/steal/api/auth), which verify does not follow`);
      expect(elsewhere.seen).toEqual([]);
    } finally {
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it("counts failed calls against agreement, even when the error answers fit the spec", async () => {
    const down = await testServer((req, res) => {
      if (req.url === "/") return void res.writeHead(200).end();
      res.writeHead(500, { "content-type": "application/json" }).end('{"success":false,"errorCode":"INTERNAL","message":"down"}');
    });
    try {
      const { code, stdout, report } = await verify(["amage", "--upstream", down.url]);
      expect(code, stdout).toBe(1);
      expect(report!.ok).toBe(false);
      expect(stdout).toMatch(/^countDeliveries\s.*500\s+FAILED: the call failed/m);
      expect(stdout).toMatch(/0 drifts, 6 failed calls$/m);
    } finally {
      await down.close();
    }
  });

  it("a 403 on one operation is that operation's failure, with the vendor's message, not the end of the run", async () => {
    const mock = await startMock({ vendor: "amage", port: await freePort() });
    const partial = await testServer(async (req, res) => {
      if (req.url === "/rest/amage/v1/complaints/count") return void res.writeHead(403, { "content-type": "application/json" }).end('{"success":false,"errorCode":"FORBIDDEN","message":"no complaints permission"}');
      const answer = await fetch(mock.url + req.url, { headers: { "amage-device-uuid": "d", "amage-api-key": "k", "amage-api-sign": "s" } });
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(await answer.text());
    });
    try {
      const { code, stdout, report } = await verify(["amage", "--upstream", partial.url]);
      expect(code, stdout).toBe(1);
      const denied = report!.operations.find((op) => op.operationId === "countComplaints")!;
      expect(denied).toMatchObject({ ok: false, status: 403, error: expect.stringContaining("HTTP 403") });
      expect(denied.error).toContain("no complaints permission");
      expect(report!.operations.find((op) => op.operationId === "countOrders")).toMatchObject({ ok: true, status: 200 });
    } finally {
      await partial.close();
      await mock.stop();
    }
  });

  it("scrubs personal data and secrets from the values it shows for a drift, as --record does", async () => {
    const leaky = await testServer((req, res) => {
      if (req.url.endsWith("/count")) return void res.writeHead(200, { "content-type": "application/json" }).end("1");
      if (req.url.includes("/list")) return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify([{ uuid: 7, number: { receiver: "Jana Nováková", iban: "SK3112000000198742637541" } }]));
      res.writeHead(200).end();
    });
    try {
      const { code, stdout, report } = await verify(["amage", "--upstream", leaky.url]);
      expect(code).toBe(1);
      expect(stdout).toContain("response.body.0.number");
      for (const text of [stdout, JSON.stringify(report)]) for (const secret of ["Nováková", "SK3112000000198742637541", "verify-secret-1", "verify-key-1"]) expect(text).not.toContain(secret);
    } finally {
      await leaky.close();
    }
  });

  it("counts an answer for the literal path, not for a template that also matches it", async () => {
    const { operationsOf } = await import("../src/verify.js");
    const { operations } = operationsOf("jiwa");
    const path = "/Inventory/CustomFields";
    const matching = operations.filter((op: { method: string; regex: RegExp }) => op.method === "GET" && op.regex.test(path)).map((op: { operationId: string }) => op.operationId);
    // Both match the path; the report gives the exchange to the literal one (see verify.js, `owner`).
    expect(matching).toEqual(expect.arrayContaining(["inventoryGet", "inventoryCustomFieldList"]));
    const mock = await startMock({ vendor: "jiwa", port: await freePort() });
    try {
      const { report } = await verify(["jiwa", "--upstream", mock.url]);
      const get = report!.operations.find((op) => op.operationId === "inventoryGet") as Report["operations"][number] & { calls?: number };
      const list = report!.operations.find((op) => op.operationId === "inventoryCustomFieldList") as Report["operations"][number] & { calls?: number };
      expect(list.calls).toBe(1);
      expect(get.calls).toBe(1); // its own call only, not the custom field list's
    } finally {
      await mock.stop();
    }
  });

  it("refuses an --upstream carrying a password, without repeating it anywhere", async () => {
    const dir = await mkdtemp(join(tmpdir(), "b2bkit-verify-"));
    try {
      const file = join(dir, "r.json");
      const { code, stderr } = await run(process.execPath, [CLI, "amage", "--upstream", "http://bob:HUNTER2pw@127.0.0.1:9", "--report", file], { env: { PATH: process.env["PATH"] ?? "", ...ENV } }).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(code).toBe(2);
      expect(stderr).toContain("--upstream must not carry credentials (user:password@…)");
      expect(stderr + (await readFile(file, "utf8"))).not.toContain("HUNTER2pw");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("pnpm verify: an answer Prism cannot read", () => {
  it("reports an empty body labelled JSON as drift at its operation, not as a lost upstream", async () => {
    const mock = await startMock({ vendor: "portos", port: await freePort() });
    // The mock's answers, but the logout says JSON and sends nothing, as many real servers do.
    const sloppy = await testServer(async (req, res) => {
      if (req.method === "DELETE" && req.url === "/api/auth") return void res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end();
      await forward(mock, req, res);
    });
    try {
      const { code, stdout, stderr, report } = await verify(["portos", "--upstream", sloppy.url]);
      expect(code, stdout + stderr).toBe(1);
      const logout = report!.operations.find((op) => op.operationId === "terminateSession");
      expect(logout).toMatchObject({ ok: false, status: null, violations: [{ location: "response.body", message: expect.stringMatching(/^not JSON although the answer's Content-Type says JSON \(.*\); its status could not be checked$/) }] });
      // Everything else it called still agrees.
      for (const op of report!.operations.filter((o) => !o.skipped && o.operationId !== "terminateSession")) expect(op, op.operationId).toMatchObject({ ok: true });
      expect(stdout).toMatch(/1 drift$/m);
    } finally {
      await sloppy.close();
      await mock.stop();
    }
  });
});

describe("the enum check", () => {
  it("reports a member the vendor never documented, but not a number where the members are names (ServiceStack's numeric enums)", async () => {
    const { undocumentedValues } = await import("../src/enums.js");
    const spec = { components: { schemas: { Status: { type: "string", enum: ["Active", "Slow"] } } } };
    const schema = { type: "object", properties: { Status: { anyOf: [{ $ref: "#/components/schemas/Status" }, { type: "string" }, { type: "integer" }] } } };
    expect(undocumentedValues(spec, schema, { Status: "Gone" })).toEqual([{ location: "response.body.Status", message: '"Gone" is not one of the documented values ("Active", "Slow")', got: '"Gone"' }]);
    expect(undocumentedValues(spec, schema, { Status: 3 })).toEqual([]);
    expect(undocumentedValues(spec, schema, { Status: "Slow" })).toEqual([]);
  });
});
