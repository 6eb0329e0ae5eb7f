// What `--record` keeps of a real answer: its shape and the values that say how the server writes things (numbers,
// booleans, dates, UUIDs, codes and enum members), with personal data and secrets replaced by stand-ins of the same
// type, so the file can become a spec example (or settle an x-assumption) without carrying a person or a credential.

// Field names whose values are personal data or secrets, whatever they hold (everything under them too), in the
// languages of the vendors (English, Polish, Slovak, French).
const PERSONAL =
  /mail|phone|mobile|^tel|fax|name|surname|user|staff|person|contact|kontakt|telef|adres|address|street|ulica|ulice|city|miasto|mesto|ville|zip|postal|post_?code|psc|kod_?poczt|birth|^dob$|urodz|narod|imie|meno|nazwisko|priezv|nom$|prenom|token|password|passwd|haslo|heslo|secret|session|signature|sign$|iban|account_?(no|number)|bank|^nip$|^vat|^dic$|^ico$|pesel|ssn|tax_?id|note|comment|uwag|pozn|info|descr|opis|popis|message|text|receiver|sender|driver|owner|rep$|creator|created_?by|modified_?by|updated_?by|login/i;

const DATE = /^(\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?|\/Date\(-?\d+([+-]\d{4})?\)\/)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A code, an enum member, an identifier: no spaces, no `@`, short, and not a long run of random characters.
const CODE = /^[\w.:/-]{1,40}$/;
const RANDOM = /^(?=.*\d)(?=.*[a-z])[a-z\d_-]{20,}$/i;

/** A stand-in of the same type and form, so the example still satisfies the schema the answer did. */
function standIn(key, value) {
  if (typeof value === "number") return /phone|tel|mobile|fax/i.test(key) ? 0 : value;
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return value;
  // A date keeps its form (it says how the server writes dates) but not its value: under a personal field it may be
  // someone's birthday.
  if (DATE.test(value)) return value.replace(/\d{4}-\d\d-\d\d/, "2000-01-01").replace(/\d\d:\d\d(:\d\d)?/, (t) => t.replace(/\d/g, "0")).replace(/\(-?\d+/, "(946684800000");
  if (UUID.test(value)) return "00000000-0000-4000-8000-000000000000";
  if (/mail/i.test(key) || /^[^\s@]+@[^\s@]+$/.test(value)) return "user@example.com";
  if (/phone|tel|mobile|fax/i.test(key)) return "+00 000 000 000";
  return `[${key || "value"}]`;
}

/**
 * The answer with personal data and secrets replaced: every value under a personal or secret field name; every free
 * text (anything with a space or an `@`) and every long random-looking string anywhere; and the given secrets.
 */
export function scrub(value, secrets = [], key = "", sensitive = false) {
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, key, sensitive));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets, k, sensitive || PERSONAL.test(k))]));
  }
  if (typeof value === "string" && secrets.some((secret) => secret && value.includes(secret))) return standIn(key, "[secret]");
  if (sensitive) return standIn(key, value);
  if (typeof value !== "string" || DATE.test(value) || UUID.test(value)) return value;
  if (!CODE.test(value) || RANDOM.test(value)) return standIn(key, value);
  return value;
}
