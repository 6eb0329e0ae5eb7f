// The engine of `pnpm verify`: Prism's validating proxy in front of the vendor's server, the real client and auth
// driven through it by the vendor's plan, and every request and answer that passed recorded with what Prism found.
import { mkdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { startProxy } from "@b2bkit/mock";
import { PLANS } from "./plans.js";
import { undocumentedValues } from "./enums.js";
import { scrub, scrubAt } from "./scrub.js";

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

/** Prism's violations of one exchange, as `{ location, message, got? }` (`got`: the answer's value there, scrubbed of
 * personal data and secrets as `--record` scrubs it). */
function violationsOf(header, body, secrets) {
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
      if (got !== undefined) out.got = JSON.stringify(scrubAt(got, secrets, v.location.slice(2))).slice(0, 200);
    }
    return out;
  });
}

/** What an error says, with the proxy's temporary address replaced by the upstream's. */
// The library's advice for code that keeps an auth (`auth.reset()`, the cooldown) means nothing to a one-off run.
const said = (err, proxyUrl, upstream) =>
  `${err?.name ?? "Error"}: ${String(err?.message ?? err)
    .split(proxyUrl)
    .join(upstream)
    .replace(/ \(remembered for \d+ ms: [^)]*\)/, "")}`;

/**
 * Runs one vendor's verification. `upstream` is the vendor's server; `env` holds the credentials; `allowWrites` adds
 * the create → read → delete sequence; `record` is a folder for the scrubbed answers; `timeoutMs` is how long one
 * exchange may wait for an answer before the upstream counts as lost. Resolves with the report; throws a
 * UsageError (exit 2) for bad usage, an unreachable upstream, or credentials the upstream refuses.
 */
export async function verify({ vendor, upstream, env = process.env, allowWrites = false, record, timeoutMs = 60_000, onStart, onLine } = {}) {
  const plan = Object.hasOwn(PLANS, vendor) ? PLANS[vendor] : undefined;
  if (!plan) throw new UsageError(`unknown vendor "${vendor}": one of ${Object.keys(PLANS).join(", ")}`);
  let base;
  try {
    base = new URL(upstream);
    if (!/^https?:$/.test(base.protocol)) throw new Error("not http(s)");
  } catch {
    throw new UsageError(`--upstream must be the vendor's http(s) address, the baseUrl you give its client, e.g. https://api.example.com (got ${JSON.stringify(String(upstream ?? "").replace(/\/\/[^/?#]*@/, "//…@"))})`);
  }
  // Never echoed: a password in the address would land in every message that names the upstream.
  if (base.username || base.password) throw new UsageError("--upstream must not carry credentials (user:password@…): give them in the B2BKIT_* variables");
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
  const secrets = Object.values(vars).filter((v) => typeof v === "string" && v.length >= 4);
  const proxy = await startProxy({ vendor, upstream: root, onLine });
  const exchanges = [];
  const redirects = [];
  // Every scalar value the answers held so far: an id the run "creates" that was already there is not its own.
  const seen = new Set();
  const remember = (node) => {
    if (node && typeof node === "object") for (const v of Object.values(node)) remember(v);
    else if (node !== null && node !== undefined) seen.add(String(node));
  };
  let lost;
  // Records every exchange that passes through the proxy (the auth's login calls included) before the client reads it.
  // An exchange that gets no answer within `timeoutMs` (a stalled upstream, or a connection reset Prism never answers
  // for) counts as losing the upstream: the run stops instead of waiting on every remaining step.
  const recording = async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input.url);
    const method = (init?.method ?? (typeof input === "string" ? undefined : input.method) ?? "GET").toUpperCase();
    const stall = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, stall]) : stall;
    const viaProxy = url.origin === new URL(proxy.url).origin;
    let response, body;
    try {
      response = await fetch(input, { ...init, signal });
      body = viaProxy ? await response.clone().text() : "";
    } catch (err) {
      if (stall.aborted && !init?.signal?.aborted) lost ??= `${method} ${url.pathname}: no answer in ${timeoutMs / 1000} s`;
      else if (viaProxy && !init?.signal?.aborted) lost ??= `${method} ${url.pathname}: the validating proxy stopped answering (${err?.cause?.code ?? err?.message})`;
      throw err;
    }
    if (!viaProxy) return response;
    const exchange = { method, path: url.pathname, status: response.status, violations: [], body, type: response.headers.get("content-type") };
    // The guard in front of the upstream marks every answer that came from it; one without the mark Prism made itself.
    if (response.headers.get("x-b2bkit-upstream") === null) {
      let problem = {};
      try {
        problem = JSON.parse(body) ?? {};
      } catch {}
      const title = String(problem.title ?? `HTTP ${response.status}`);
      if (/FetchError/i.test(String(problem.type)) && !/invalid json/i.test(title)) {
        // Prism answers for an upstream it could not reach: nothing of the vendor's was checked.
        lost ??= `${method} ${url.pathname}`;
        return response;
      }
      // The server answered but Prism could not read it (often an empty body labelled JSON, or one nested too deep):
      // its status is unknown here, and the client saw Prism's error instead.
      const why = /invalid json/i.test(title) ? `not JSON although the answer's Content-Type says JSON (${title.replace(/^.*?reason:\s*/, "")})` : `Prism could not check the answer (${title})`;
      exchanges.push({ ...exchange, status: null, body: "", type: null, violations: [{ location: "response.body", message: `${why}; its status could not be checked` }] });
      return response;
    }
    exchange.violations = violationsOf(response.headers.get("sl-violations"), body, secrets);
    const location = response.headers.get("x-b2bkit-redirect");
    if (location !== null) {
      const target = (() => {
        try {
          const to = new URL(location, root);
          return to.origin === base.origin ? to.pathname : `${to.origin}${to.pathname}`;
        } catch {
          return "an address that is not a URL";
        }
      })();
      redirects.push(`HTTP ${response.status} to ${target}`);
      exchange.violations.push({ location: "response", message: `redirected (HTTP ${response.status}) to ${target}: not followed, so the credentials stay with --upstream` });
    }
    try {
      remember(JSON.parse(body));
    } catch {}
    exchanges.push(exchange);
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
  // Where each of the run's own ids came from: deleted only when it was new to the run when created, and an answer
  // showed it with the run's mark (the create's answer or its read-back).
  const origins = {};
  ctx.notOwn = (key) => {
    const origin = origins[key];
    if (!origin) return undefined;
    const value = String(ctx[key]);
    if (origin.known) return `${value} was in the server's answers before the run created it, so it may be someone else's record`;
    const quoted = JSON.stringify(value);
    const shown = exchanges.slice(origin.at).some((e) => (e.body.includes(quoted) || e.body.includes(value)) && e.body.includes(ctx.mark));
    return shown ? undefined : `no answer showed ${value} with the run's mark ${ctx.mark}, so it may be someone else's record`;
  };
  const skipped = {};
  const failures = {};
  const leftovers = [];
  // A refused login ends the run (nothing behind it can be checked); a 401 or 403 on some calls only when no call got
  // through at all: a missing permission on one operation is that operation's failure, not the run's.
  let refused;
  let loginRefused = false;
  const note = (operationId, err) => {
    failures[operationId] = said(err, proxy.url, root);
    const status = err?.status;
    const login = err?.name === "AuthError" || plan.refused?.(err);
    loginRefused ||= Boolean(login);
    if (login || status === 401 || status === 403) refused ??= failures[operationId];
  };
  try {
    let auth, client;
    try {
      auth = plan.auth(vars, proxied);
      // The client waits a little longer than the run's own limit, so a stall is reported as one; and it does not
      // retry: a verification observes each answer once, and a 429 storm cannot stretch the run.
      client = plan.client(proxy.url, auth, recording, vars, { timeoutMs: timeoutMs + 1000, maxRetries: 0 });
    } catch (err) {
      // A credential of the wrong form (the auth checks it): named by the auth, without its value.
      throw new UsageError(`${vendor}: ${err?.message ?? err}`);
    }
    const run = async (steps) => {
      for (const [operationId, call, keep, cleanup] of steps) {
        if (lost) break; // nothing more can be checked
        const known = new Set(seen);
        const before = Object.keys(ctx).filter((k) => k.startsWith("own") && ctx[k] != null);
        const at = exchanges.length;
        ctx.deleting = Boolean(cleanup);
        let notOwn;
        try {
          const result = await call(client, ctx);
          if (result?.error !== undefined) {
            // What the vendor said, with the credentials given taken out.
            let text = typeof result.error === "string" ? result.error : JSON.stringify(result.error) ?? "";
            for (const secret of secrets) text = text.split(secret).join("[secret]");
            note(operationId, Object.assign(new Error(`HTTP ${result.response.status}${text ? `: ${text.slice(0, 300)}` : ""}`), { status: result.response.status, name: "ApiError" }));
          } else if (keep) keep(result?.data, ctx);
        } catch (err) {
          if (err?.notOwn) notOwn = err.message.replace(/^not deleted: /, "");
          if (err?.needs) skipped[operationId] ??= `${err.message}`;
          else note(operationId, err);
        } finally {
          ctx.deleting = false;
        }
        for (const key of Object.keys(ctx).filter((k) => k.startsWith("own") && ctx[k] != null && !before.includes(k))) {
          origins[key] = { at, known: known.has(String(ctx[key])) };
        }
        // A record of the run's own that was not deleted is left behind: say so, loudly.
        if (cleanup && notOwn) leftovers.push(`${cleanup(ctx)} (${operationId} not sent: ${notOwn})`);
        else if (cleanup && failures[operationId] && !skipped[operationId]) leftovers.push(`${cleanup(ctx)} (${operationId}: ${failures[operationId]})`);
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
  const moved = redirects.length ? `; it redirected (${[...new Set(redirects)].join(", ")}), which verify does not follow: use the address it redirects to as --upstream if it is the vendor's` : "";
  if (refused && !loginRefused && exchanges.some((e) => e.status >= 200 && e.status < 300)) refused = undefined;
  if (refused) throw new UsageError(`${root} refused the credentials (${refused}): nothing behind the login could be checked; check the B2BKIT_${vendor.toUpperCase()}_* variables${moved}${left}`, { usage: false });

  const writes = new Set(plan.writes.map(([op]) => op).filter((op) => !plan.steps.some(([read]) => read === op)));
  const report = { vendor, upstream: root, ok: true, operations: [], ...(leftovers.length ? { leftovers } : {}) };
  // Each exchange belongs to one operation: a literal path before a template that also matches it
  // (`/Inventory/CustomFields` is not `/Inventory/{InventoryID}`).
  const params = (op) => (op.path.match(/\{/g) ?? []).length;
  const owner = (e) => operations.filter((op) => op.method === e.method && op.regex.test(e.path)).sort((a, b) => params(a) - params(b) || b.path.length - a.path.length)[0];
  for (const e of exchanges) e.operation = owner(e);
  for (const op of operations) {
    const mine = exchanges.filter((e) => e.operation === op);
    const error = failures[op.operationId];
    if (!mine.length && error && !plan.skip[op.operationId] && !skipped[op.operationId]) {
      // Called, but nothing reached the server (the client refused it, or the call failed before an answer).
      report.ok = false;
      report.operations.push({ operationId: op.operationId, method: op.method, path: op.path, status: null, ok: false, calls: 0, violations: [], error });
      continue;
    }
    if (!mine.length) {
      const why =
        plan.skip[op.operationId] ??
        (writes.has(op.operationId) && !allowWrites
          ? "a write: only with --allow-writes"
          : (skipped[op.operationId] ??
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
    const unique = new Set();
    const violations = mine.flatMap((e) => e.violations).filter((v) => !unique.has(`${v.location} ${v.message}`) && unique.add(`${v.location} ${v.message}`));
    const last = mine[mine.length - 1];
    // A call that failed checked nothing the client relies on: not agreement, even when the error answer fits the spec.
    const ok = violations.length === 0 && !error;
    report.ok &&= ok;
    report.operations.push({ operationId: op.operationId, method: op.method, path: op.path, status: last.status, ok, calls: mine.length, violations, ...(error ? { error } : {}) });
    if (record) {
      await mkdir(record, { recursive: true });
      let body;
      try {
        body = JSON.parse(last.body);
      } catch {
        body = last.body;
      }
      await writeFile(
        join(record, `${op.operationId}.json`),
        `${JSON.stringify({ operationId: op.operationId, method: op.method, path: op.path, status: last.status, contentType: last.type, body: scrub(body, secrets) }, null, 2)}\n`,
      );
    }
  }
  return report;
}
