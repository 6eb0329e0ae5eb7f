// What `--record` keeps of a real answer: its shape and the values that say how the server writes things (numbers,
// booleans, dates, UUIDs, codes and enum members), with personal data and secrets replaced by stand-ins of the same
// type, so the file can become a spec example (or settle an x-assumption) without carrying a person or a credential.

// Field names whose values are personal data or secrets, whatever they hold (everything under them too), in the
// languages of the vendors (English, Polish, Slovak, French).
const PERSONAL =
  /mail|phone|mobil|handy|^tel|fax|name|nazw|firma|company|societ|raison|osob|^kto$|surname|user|staff|person|contact|kontakt|telef|adres|address|street|^rue$|ulica|ulice|city|miasto|mesto|ville|zip|postal|post_?code|psc|kod_?poczt|birth|^dob$|born|naiss|urodz|narod|imie|jmeno|meno|nazwisko|priezv|nom$|prenom|token|password|passwd|^pwd$|^pass$|^pin$|^key$|api_?key|haslo|heslo|secret|session|signature|sign$|iban|account_?(no|number)|bank|card_?(no|number)|^nip|regon|odbior|nadaw|jwt|^auth|bearer|cookie|^krs$|^vat|^dic$|^ico$|pesel|ssn|tax_?id|^ip(_?addr(ess)?)?$|note|comment|uwag|pozn|info|descr|opis|popis|message|text|contents|receiver|sender|driver|owner|rep$|creator|created_?by|modified_?by|updated_?by|login/i;

/** A field name as the patterns read it: accents dropped (jméno → jmeno), so every spelling of a language matches. */
const plain = (key) => String(key).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
const personal = (key) => PERSONAL.test(plain(key));

const DATE = /^(\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?|\/Date\(-?\d+([+-]\d{4})?\)\/)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A code, an enum member, an identifier: no spaces, no `@`, short, and not a long run of random characters.
const CODE = /^[\w.:/-]{1,40}$/;
const RANDOM = /^(?=.*\d)(?=.*[a-z])[a-z\d_-]{20,}$|^eyJ[\w-]+\.[\w-]+\.[\w-]*$/i;
// Numbers that identify a person or a machine wherever they appear: an IP address, a payment card (Luhn-valid, 15–19
// digits; an EAN or GTIN is 8–14 digits and stays).
const IP = /^\d{1,3}(\.\d{1,3}){3}$|^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i;
function card(value) {
  const digits = value.replace(/[ -]/g, "");
  if (!/^\d{15,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** A stand-in of the same type and form, so the example still satisfies the schema the answer did. */
function standIn(key, value) {
  if (typeof value === "number") return /phone|tel|mobil|handy|fax|card|pin/i.test(plain(key)) ? 0 : value;
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return value;
  // A date keeps its form (it says how the server writes dates) but not its value: under a personal field it may be
  // someone's birthday.
  if (DATE.test(value)) return value.replace(/\d{4}-\d\d-\d\d/, "2000-01-01").replace(/\d\d:\d\d(:\d\d)?/, (t) => t.replace(/\d/g, "0")).replace(/\(-?\d+/, "(946684800000");
  if (UUID.test(value)) return "00000000-0000-4000-8000-000000000000";
  if (/mail/i.test(key) || /^[^\s@]+@[^\s@]+$/.test(value)) return "user@example.com";
  if (/phone|tel|mobil|handy|fax/i.test(plain(key))) return "+00 000 000 000";
  return `[${key || "value"}]`;
}

/**
 * The answer with personal data and secrets replaced: every value under a personal or secret field name; every free
 * text (anything with a space or an `@`) and every long random-looking string anywhere; and the given secrets.
 */
export function scrub(value, secrets = [], key = "", sensitive = false) {
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, key, sensitive));
  if (value && typeof value === "object") {
    // A field name can be personal data itself (`{"jana@firma.sk": …}`): such names are replaced too.
    return Object.fromEntries(
      Object.entries(value).map(([k, v], i) => [/[@\s]/.test(k) || secrets.some((secret) => secret && k.includes(secret)) ? `[field ${i + 1}]` : k, scrub(v, secrets, k, sensitive || personal(k))]),
    );
  }
  if (typeof value === "string" && secrets.some((secret) => secret && value.includes(secret))) return standIn(key, "[secret]");
  if (sensitive) return standIn(key, value);
  if (typeof value !== "string" || DATE.test(value) || UUID.test(value)) return value;
  // A long random-looking value is taken for a secret, unless its field names it an identifier (Jiwa's 20-character
  // `InventoryID`): a secret's field (token, session, key …) is caught by its name above.
  const identifier = /(id|uuid|guid|code|number|no|ref|key)$/i.test(plain(key)) && !/(^|_)key$|apikey|secret|token|session/i.test(plain(key));
  if (!CODE.test(value) || (RANDOM.test(value) && !identifier) || IP.test(value) || card(value)) return standIn(key, value);
  return value;
}

/** `scrub` of a value found at `path` inside an answer: sensitive when any field name on the way is. */
export function scrubAt(value, secrets, path = []) {
  const keys = path.map(String);
  return scrub(value, secrets, keys.at(-1) ?? "", keys.some((k) => !/^\d+$/.test(k) && personal(k)));
}
