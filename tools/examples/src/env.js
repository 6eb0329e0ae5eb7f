// The variables an example reads: B2BKIT_<VENDOR>_URL, the address of the server (its client's baseUrl), and the
// vendor's credentials under the names `pnpm verify` reads too (README, "Examples"). Against a mock, each gets a
// stand-in: Prism checks that credentials are present and well-formed, never their value.

/** The stand-ins of one vendor's variables for its mock at `url`. */
const STAND_INS = {
  amage: () => ({
    B2BKIT_AMAGE_DEVICE_UUID: "5b0f3c9e-7d2a-4d8e-9a41-0c6f1e2b3a47",
    B2BKIT_AMAGE_API_KEY: "example-api-key",
    B2BKIT_AMAGE_SECRET: "example-api-secret",
  }),
  amplifier: (url) => ({
    B2BKIT_AMPLIFIER_AUTH_URL: `${url}/auth/`,
    B2BKIT_AMPLIFIER_USERNAME: "erp-translator",
    B2BKIT_AMPLIFIER_PASSWORD: "example-password",
  }),
  jiwa: () => ({ B2BKIT_JIWA_USERNAME: "api", B2BKIT_JIWA_PASSWORD: "example-password", B2BKIT_JIWA_API_KEY: "example-api-key" }),
  portos: () => ({ B2BKIT_PORTOS_USERNAME: "999", B2BKIT_PORTOS_PASSWORD: "example-password", B2BKIT_PORTOS_DEVICE: "P01" }),
  // The vendor's test shop, and a token of the documented 26 characters.
  tlsecure: () => ({ B2BKIT_TLSECURE_DOMAIN_CODE: "00000", B2BKIT_TLSECURE_TOKEN: "examplet0kenof26characters" }),
};

/** B2BKIT_AMAGE_URL for "amage". */
export const urlVariable = (vendor) => `B2BKIT_${vendor.toUpperCase().replace(/-/g, "_")}_URL`;

/** Every B2BKIT_… variable an example's source names, in order of first mention. */
export function variablesOf(source) {
  return [...new Set(source.match(/\bB2BKIT_[A-Z0-9_]+\b/g) ?? [])];
}

/**
 * The environment of an example run against `vendor`'s mock at `url`: a stand-in for each variable it reads.
 * Throws, naming the variable, when one has none (a new variable needs its stand-in here).
 */
export function mockEnv(vendor, url, variables) {
  const known = { ...STAND_INS[vendor]?.(url), [urlVariable(vendor)]: url };
  const env = {};
  for (const name of variables) {
    if (known[name] === undefined) throw new Error(`reads ${name}, which has no stand-in for the mock: add one to tools/examples/src/env.js`);
    env[name] = known[name];
  }
  return env;
}

/** The variables among `variables` that `env` does not set (an empty value counts as unset). */
export function missingVariables(env, variables) {
  return variables.filter((name) => !env[name]);
}

/** `env` without any B2BKIT_… variable, so a run against the mocks never depends on (or sends) the caller's own. */
export function withoutB2bkit(env) {
  // B2BKIT_DEBUG is a switch, not a credential: `B2BKIT_DEBUG=1 pnpm examples … --verbose` shows every request.
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("B2BKIT_") || name === "B2BKIT_DEBUG"));
}
