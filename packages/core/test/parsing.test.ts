import { describe, expect, it } from "vitest";
import { isSecretName, redactSecrets, redactUrl, retryAfter } from "../src/internal.js";

describe("retryAfter", () => {
  const of = (headers: Record<string, string>) => retryAfter(new Headers(headers));

  it("reads whole seconds, milliseconds and HTTP dates", () => {
    expect(of({ "retry-after": "3" })).toBe(3000);
    expect(of({ "retry-after-ms": "250" })).toBe(250);
    expect(of({ "retry-after-ms": "12.6" })).toBe(13);
    const at = of({ "retry-after": new Date(Date.now() + 5_000).toUTCString() })!;
    expect(at).toBeGreaterThan(3_000);
    expect(at).toBeLessThanOrEqual(5_000);
    // The two obsolete HTTP-date forms.
    expect(of({ "retry-after": "Sunday, 06-Nov-94 08:49:37 GMT" })).toBe(0);
    expect(of({ "retry-after": "Sun Nov  6 08:49:37 1994" })).toBe(0);
  });

  it("ignores garbage instead of retrying at once", () => {
    for (const value of ["-1", "1 2", "", " ", "1.5", "soon", "0x10", "1e3", "Infinity"]) {
      expect(of({ "retry-after": value }), `Retry-After: ${JSON.stringify(value)}`).toBeUndefined();
    }
    for (const value of ["", "abc", "-5", "1 2"]) {
      expect(of({ "retry-after-ms": value }), `retry-after-ms: ${JSON.stringify(value)}`).toBeUndefined();
    }
  });
});

describe("secret query names", () => {
  it("redacts the names the issue lists, as whole words or parts of longer names", () => {
    for (const name of ["sig", "signature", "code", "jwt", "otp", "pin", "hash", "bearer", "session", "sid", "password", "api_key", "apiKey", "x-api-key", "access_token", "oauthCode", "sessionId", "ss-id", "ss-pid", "hmac", "x-hmac-sha256"]) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it("leaves ordinary names alone", () => {
    for (const name of ["page", "size", "shipping", "design", "pinned", "status", "PartNo", "$skip", "OrderBy", "address-id"]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it("redacts their values in URLs, and user info", () => {
    expect(redactUrl("https://u:p4ss@h.example/a?sig=abc&page=2&otp=123456")).toBe("https://[redacted]@h.example/a?sig=[redacted]&page=2&otp=[redacted]");
  });
});

describe("redactSecrets", () => {
  it("removes a secret in every form a server echoes it", () => {
    const secret = "Pässwörd-1 &x";
    const echoes = [
      secret,
      JSON.stringify(secret),
      '"P\\u00e4ssw\\u00f6rd-1 &x"',
      '"P\\u00E4ssw\\u00F6rd-1 &x"',
      encodeURIComponent(secret),
      new URLSearchParams({ p: secret }).toString(),
    ];
    for (const echo of echoes) expect(redactSecrets(`said: ${echo}`, [secret]), echo).not.toMatch(/ssw/);
  });

  it("replaces a secret of a few characters where it stands alone, never inside a word or the marker", () => {
    const message = "amplifierAuth: login refused by http://host/auth/ (HTTP 401: wrong password p); check `username` and `password`";
    expect(redactSecrets(message, ["p"], 1)).toBe("amplifierAuth: login refused by http://host/auth/ (HTTP 401: wrong password [redacted]); check `username` and `password`");
    expect(redactSecrets("token a, then [redacted]", ["a"], 1)).toBe("token [redacted], then [redacted]");
  });

  it("also as a form body encodes it (!'()~), in lower-case percent-encoding, JSON's \\/ and base64", () => {
    const secret = "hunter2!(x)~y*z'q/w";
    const echoes = [
      new URLSearchParams({ password: secret }).toString(), // password=hunter2%21%28x%29%7Ey*z%27q%2Fw
      encodeURIComponent(secret).toLowerCase().replace(/hunter2/, "hunter2"), // %2f, %27 …
      new URLSearchParams({ password: secret }).toString().replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
      JSON.stringify(secret).replace(/\//g, "\\/"),
      btoa(secret),
      btoa(secret).replace(/=+$/, ""),
    ];
    for (const echo of echoes) expect(redactSecrets(`said: ${echo}`, [secret]), echo).not.toMatch(/hunter2|aHVudGVy/);
  });
});
