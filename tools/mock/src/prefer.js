// Helpers for tests that steer a mock with Prism's `Prefer` header: a seed per request for dynamic runs that can be
// replayed, runs that report every failure, and the error answers a spec declares (to simulate each with `code=`).

/**
 * A `fetch` for a client option that sends every request of run `run` (its auth's login included) with the next seed
 * of that run: `Prefer: seed=<run * 1000 + n>`. A dynamic mock then answers data that varies from request to
 * request and from run to run, and is the same again when the test runs again. `onRequest` sees each URL.
 */
export function seededFetch(run, onRequest) {
  let n = 0;
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("Prefer", `seed=${run * 1000 + n++}`);
    onRequest?.(input instanceof Request ? input.url : String(input));
    return fetch(input, { ...init, headers });
  };
}

/** Runs `scenario(0)` … `scenario(runs - 1)` one after the other; resolves with one line per run that threw. */
export async function everyRun(runs, scenario) {
  const failed = [];
  for (let run = 0; run < runs; run++) {
    try {
      await scenario(run);
    } catch (err) {
      failed.push(`run ${run}: ${String(err?.message ?? err).split("\n")[0]}`);
    }
  }
  return failed;
}

/**
 * Every error answer a bundled spec (a client's openapi.json) declares: one entry per operation, status ≥ 400 and
 * named example, with the example's body, its media type, whether it is the status's first example (what
 * `Prefer: code=<status>` answers; the others need `example=<name>` too) and whether the operation is public
 * (`security: []`).
 */
export function declaredErrors(spec) {
  const resolve = (node) => (node?.$ref ? resolve(node.$ref.slice(2).split("/").reduce((at, key) => at[key], spec)) : node);
  const found = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== "object" || !op.responses) continue;
      for (const [status, response] of Object.entries(op.responses)) {
        if (!(Number(status) >= 400)) continue;
        for (const [mediaType, content] of Object.entries(resolve(response).content ?? {})) {
          Object.entries(content.examples ?? {}).forEach(([name, example], index) => {
            found.push({
              method: method.toUpperCase(),
              path,
              status: Number(status),
              mediaType,
              name,
              first: index === 0,
              public: Array.isArray(op.security) && op.security.length === 0,
              value: resolve(example).value,
            });
          });
        }
      }
    }
  }
  return found;
}
