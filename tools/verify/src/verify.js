// The engine of `pnpm verify`: Prism's validating proxy in front of the vendor's server, the real client and auth
// driven through it by the vendor's plan, and every request and answer that passed recorded with what Prism found.
import { mkdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { startProxy } from "@b2bkit/mock";
import { PLANS } from "./plans.js";
import { undocumentedValues } from "./enums.js";
import { scrub } from "./scrub.js";

const require = createRequire(import.meta.url);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Exit 2: bad usage (a missing variable, an unknown vendor), or an upstream that cannot be reached, refuses the
 * credentials or goes away mid-run; `usage` says whether the usage text helps. */
export class UsageError extends Error {
  name = "UsageError";
  /** False when the usage was fine but the run could not go on (the upstream refused or went away). */
  usage = true;
  constructor(message, { usage = true } = {}) {
    super(message);
    this.usage = usage;
  }
}

/** The variables a vendor needs, read from `env`; a UsageError naming every one that is missing. */
export function credentials(vendor, env) {
  const plan = PLANS[vendor];
  const missing = Object.entries(plan.env).filter(([name]) => !env[name]);
  if (plan.anyOf && !plan.anyOf.some((set) => Object.keys(set).every((name) => env[name]))) {
    const sets = plan.anyOf.map((set) => Object.keys(set).join(" + ")).join(", or ");
    missing.push([sets, plan.anyOf.map((set) => Object.values(set).join(" and ")).join(", or ")]);
  }
  if (missing.length) {
    throw new UsageError(`${vendor}: set ${missing.map(([name, what]) => `${name} (${what})`).join("; ")} in the environment`);
  }
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith(`B2BKIT_${vendor.toUpperCase()}_`)));
}

/** The spec's operations: operationId, method, path template, a regex for concrete paths, and request examples. */
export function operationsOf(vendor) {
  const spec = JSON.parse(readFileSync(require.resolve(`@b2bkit/${vendor}-client/openapi.json`), "utf8"));
  const examples = {};
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const regex = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}$`);
      operations.push({ operationId: op.operationId, method: method.toUpperCase(), path, regex, responses: op.responses ?? {} });
      const deref = (node) => (node?.$ref ? node.$ref.split("/").slice(1).reduce((n, key) => n?.[key], spec) : node);
      const media = Object.values(deref(op.requestBody)?.content ?? {})[0];
      const first = media?.example ?? Object.values(media?.examples ?? {})[0];
      const value = media?.example !== undefined ? media.example : deref(first)?.value;
      if (value !== undefined) examples[op.operationId] = value;
    }
  }
  return { operations, examples, spec };
}

/** Prism's violations of one exchange, as `{ location, message, got? }` (`got`: the answer's value there). */
function violationsOf(header, body) {
  if (!header) return [];
  let list;
  try {
    list = [JSON.parse(header)].flat();
  } catch {
    return [{ location: "", message: header }];
  }
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  return list.map((v) => {
    const location = Array.isArray(v.location) ? v.location.join(".") : "";
    const out = { location, message: String(v.message ?? v) };
    if (v.location?.[0] === "response" && v.location[1] === "body" && parsed !== undefined) {
      const got = v.location.slice(2).reduce((node, key) => (node && typeof node === "object" ? node[key] : undefined), parsed);
      if (got !== undefined) out.got = JSON.stringify(got).slice(0, 200);
    }
    return out;
  });
}

/** What an error says, with the proxy's temporary address replaced by the upstream's. */
const said = (err, proxyUrl, upstream) => `${err?.name ?? "Error"}: ${String(err?.message ?? err).split(proxyUrl).join(upstream)}`;

/**
 * Runs one vendor's verification. `upstream` is the vendor's server; `env` holds the credentials; `allowWrites` adds
 * the create → read → delete sequence; `record` is a folder for the scrubbed answers; `timeoutMs` is how long one
 * exchange may wait for an answer before the upstream counts as lost. Resolves with the report; throws a
 * UsageError (exit 2) for bad usage, an unreachable upstream, or credentials the upstream refuses.
 */
export async function verify({ vendor, upstream, env = process.env, allowWrites = false, record, timeoutMs = 60_000, onStart, onLine } = {}) {
  const plan = PLANS[vendor];
  if (!plan) throw new UsageError(`unknown vendor "${vendor}": one of ${Object.keys(PLANS).join(", ")}`);
  let base;
  try {
    base = new URL(upstream);
    if (!/^https?:$/.test(base.protocol)) throw new Error("not http(s)");
  } catch {
    throw new UsageError(`--upstream must be the vendor's http(s) address, the baseUrl you give its client, e.g. https://api.example.com (got ${JSON.stringify(upstream ?? "")})`);
  }
  const vars = credentials(vendor, env);
  const root = base.href.replace(/\/+$/, "");
  try {
    const probe = await fetch(base, { method: "GET", redirect: "manual", signal: AbortSignal.timeout(15_000) });
    await probe.body?.cancel();
  } catch (err) {
    throw new UsageError(`cannot reach ${base.origin}: ${err?.cause?.code ?? err?.cause?.message ?? err?.message}`, { usage: false });
  }
  onStart?.();

  const { operations, examples, spec } = operationsOf(vendor);
  const proxy = await startProxy({ vendor, upstream: root, onLine });
  const exchanges = [];
  let lost;
  // Records every exchange that passes through the proxy (the auth's login calls included) before the client reads it.
  // An exchange that gets no answer within `timeoutMs` (a stalled upstream, or a connection reset Prism never answers
  // for) counts as losing the upstream: the run stops instead of waiting on every remaining step.
  const recording = async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input.url);
    const method = (init?.method ?? (typeof input === "string" ? undefined : input.method) ?? "GET").toUpperCase();
    const stall = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, stall]) : stall;
    let response, body;
    try {
      response = await fetch(input, { ...init, signal });
      body = url.origin === new URL(proxy.url).origin ? await response.clone().text() : "";
    } catch (err) {
      if (stall.aborted && !init?.signal?.aborted) lost ??= `${method} ${url.pathname}: no answer in ${timeoutMs / 1000} s`;
      throw err;
    }
    if (url.origin === new URL(proxy.url).origin) {
      const failed = response.status >= 500 && /"type"\s*:\s*"[^"]*(FetchError|UPSTREAM)/i.test(body) ? (JSON.parse(body).title ?? "") : undefined;
      if (failed !== undefined && /invalid json/i.test(failed)) {
        // The server answered, but not in JSON although its Content-Type says so (often an empty body): Prism gives
        // up on such an answer, so its status is unknown here and the client saw Prism's 500 instead.
        const reason = failed.replace(/^.*?reason:\s*/, "");
        exchanges.push({ method, path: url.pathname, status: null, violations: [{ location: "response.body", message: `not JSON although the answer's Content-Type says JSON (${reason}); its status could not be checked` }], body: "", type: null });
      } else if (failed !== undefined) {
        // Prism answers for an upstream it could not reach: nothing of the vendor's was checked.
        lost ??= `${method} ${url.pathname}`;
      } else {
        exchanges.push({ method, path: url.pathname, status: response.status, violations: violationsOf(response.headers.get("sl-violations"), body), body, type: response.headers.get("content-type") });
      }
    }
    return response;
  };
  // An address within --upstream (Amplifier's authUrl, usually) goes through the proxy too, so its calls are checked.
  const unproxied = [];
  const proxied = (address) => {
    if (address.startsWith(`${root}/`)) return `${proxy.url}${address.slice(root.length)}`;
    unproxied.push(address);
    return address;
  };
  const ctx = { env: vars, examples, mark: `b2bkit-verify-${Date.now().toString(36)}` };
  const skipped = {};
  const failures = {};
  const leftovers = [];
  let refused;
  const note = (operationId, err) => {
    failures[operationId] = said(err, proxy.url, root);
    const status = err?.status;
    if (err?.name === "AuthError" || status === 401 || status === 403 || plan.refused?.(err)) refused ??= failures[operationId];
  };
  try {
    const auth = plan.auth(vars, proxied);
    // The client waits a little longer than the run's own limit, so a stall is reported as one, not retried.
    const client = plan.client(proxy.url, auth, recording, vars, { timeoutMs: timeoutMs + 1000 });
    const run = async (steps) => {
      for (const [operationId, call, remember, cleanup] of steps) {
        if (lost) break; // nothing more can be checked
        try {
          const result = await call(client, ctx);
          if (result?.error !== undefined) {
            note(operationId, Object.assign(new Error(`HTTP ${result.response.status}`), { status: result.response.status, name: "ApiError" }));
          } else if (remember) remember(result?.data, ctx);
        } catch (err) {
          if (err?.needs) skipped[operationId] ??= `${err.message}`;
          else note(operationId, err);
        }
        // A delete of the run's own record that did not go through leaves it behind: say so, loudly.
        if (cleanup && failures[operationId] && !skipped[operationId]) leftovers.push(`${cleanup(ctx)} (${operationId}: ${failures[operationId]})`);
      }
    };
    await run(plan.steps);
    if (allowWrites) await run(plan.writes);
    if (plan.final) {
      try {
        await plan.final(client, auth);
      } catch (err) {
        note("final", err);
      }
    }
  } finally {
    await proxy.stop();
  }
  // Records the run created and could not delete are named even when the run ends early.
  const left = leftovers.map((l) => `; LEFT BEHIND on the server, delete it yourself: ${l}`).join("");
  if (lost) throw new UsageError(`lost ${base.origin} during the run (at ${lost}): nothing after it was checked${left}`, { usage: false });
  if (refused) throw new UsageError(`${root} refused the credentials (${refused}): nothing behind the login could be checked; check the B2BKIT_${vendor.toUpperCase()}_* variables${left}`, { usage: false });

  const writes = new Set(plan.writes.map(([op]) => op).filter((op) => !plan.steps.some(([read]) => read === op)));
  const report = { vendor, upstream: root, ok: true, operations: [], ...(leftovers.length ? { leftovers } : {}) };
  for (const op of operations) {
    const mine = exchanges.filter((e) => e.method === op.method && op.regex.test(e.path));
    if (!mine.length) {
      const why =
        plan.skip[op.operationId] ??
        (writes.has(op.operationId) && !allowWrites
          ? "a write: only with --allow-writes"
          : (skipped[op.operationId] ??
            failures[op.operationId] ??
            (plan.login?.includes(op.operationId) && unproxied.length ? "the login goes to an address outside --upstream: called directly, not checked" : plan.unused?.(vars, op.operationId)) ??
            "not reached by the sequence"));
      report.operations.push({ operationId: op.operationId, method: op.method, path: op.path, status: null, ok: true, skipped: why, violations: [] });
      continue;
    }
    // Values a tolerant schema accepts but the vendor never documented (a new enum member): drift too.
    for (const e of mine) {
      const answer = op.responses[String(e.status)] ?? op.responses.default;
      const schema = Object.entries((answer?.$ref ? answer.$ref.split("/").slice(1).reduce((n, k) => n?.[k], spec) : answer)?.content ?? {}).find(([type]) => type.includes("json"))?.[1]?.schema;
      let body;
      try {
        body = JSON.parse(e.body);
      } catch {
        continue;
      }
      if (schema) e.violations.push(...undocumentedValues(spec, schema, body));
    }
    const seen = new Set();
    const violations = mine.flatMap((e) => e.violations).filter((v) => !seen.has(`${v.location} ${v.message}`) && seen.add(`${v.location} ${v.message}`));
    const last = mine[mine.length - 1];
    const ok = violations.length === 0;
    report.ok &&= ok;
    report.operations.push({ operationId: op.operationId, method: op.method, path: op.path, status: last.status, ok, calls: mine.length, violations, ...(failures[op.operationId] ? { error: failures[op.operationId] } : {}) });
    if (record) {
      await mkdir(record, { recursive: true });
      let body;
      try {
        body = JSON.parse(last.body);
      } catch {
        body = last.body;
      }
      const secrets = Object.values(vars).filter((v) => typeof v === "string" && v.length >= 4);
      await writeFile(
        join(record, `${op.operationId}.json`),
        `${JSON.stringify({ operationId: op.operationId, method: op.method, path: op.path, status: last.status, contentType: last.type, body: scrub(body, secrets) }, null, 2)}\n`,
      );
    }
  }
  return report;
}
