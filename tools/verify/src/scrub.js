// What `--record` keeps of a real answer: its shape and its ordinary values, with personal data and secrets replaced
// so the file can become a spec example (or settle an x-assumption) without carrying a customer or a credential.

// Field names whose values are personal data or secrets, whatever they hold.
const PERSONAL = /e-?mail|phone|mobile|^tel|fax|first_?name|last_?name|full_?name|sur_?name|^name$|contact|person|street|address|city|^zip|postal|post_?code|birth|token|password|secret|session|signature|iban|account_?(no|number)|^nip$|^vat|pesel|ssn|tax_?id/i;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const PHONE = /\+?\d[\d ()-]{7,}\d/g;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g;

/** A stand-in of the same type, so the answer still has the shape the spec describes. */
function standIn(key, value) {
  if (typeof value === "number") return 0;
  if (typeof value === "boolean") return value;
  if (/mail/i.test(key)) return "user@example.com";
  if (/phone|mobile|tel|fax/i.test(key)) return "+00 000 000 000";
  if (/birth/i.test(key)) return "2000-01-01";
  return `[${key}]`;
}

/** The answer with personal data, free-text emails, phone numbers, JWTs and the given secrets replaced. */
export function scrub(value, secrets = [], key = "") {
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, key));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets, k)]));
  if (value !== null && value !== undefined && PERSONAL.test(key) && typeof value !== "object") return standIn(key, value);
  if (typeof value !== "string") return value;
  let out = value.replace(EMAIL, "user@example.com").replace(JWT, "[jwt]").replace(PHONE, "+00 000 000 000");
  for (const secret of secrets) out = out.split(secret).join("[secret]");
  return out;
}
