// The schema's own name: a local alias of it would be a second `Customer` in the bundled .d.ts (renamed `Customer$1`).
import type { Customer } from "./generated/schema.js";

/** NData sort directions. A key without one gets the server's default (ascending, says Portos). */
export type SortDirection = "asc" | "desc";

type Leaf = string | number | boolean | bigint | null | undefined;

/**
 * The property names and dotted paths of `T` that can be sorted on: scalar properties, and the scalar properties
 * of nested objects (`company.name`, `credit.amount`). Lists (`cards`) and free-form maps (`meta`) are left out:
 * a list or a map has no order of its own.
 */
export type SortKey<T = Customer, Depth extends unknown[] = []> = Depth["length"] extends 3
  ? never
  : {
      [K in keyof T & string]-?: NonNullable<T[K]> extends Leaf
        ? K
        : NonNullable<T[K]> extends ReadonlyArray<unknown>
          ? never
          : string extends keyof NonNullable<T[K]>
            ? never
            : `${K}.${SortKey<NonNullable<T[K]>, [...Depth, unknown]>}`;
    }[keyof T & string];

/** One sort term: `"lastName"`, `"-lastName"` (descending), `"lastName:desc"` or `["lastName", "desc"]`. */
export type SortTerm<T = Customer> =
  | SortKey<T>
  | `-${SortKey<T>}`
  | `${SortKey<T>}:${SortDirection}`
  | readonly [SortKey<T>, SortDirection];

const KEY = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
const shown = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

/** `key`, or `key:direction` when a direction is given, both checked. */
function checked(fn: string, key: unknown, ...direction: unknown[]): string {
  if (typeof key !== "string" || !KEY.test(key)) {
    throw new TypeError(`${fn}: invalid sort key ${typeof key === "string" ? shown(key) : typeof key}: a key is a property name or a dotted path (letters, digits, _), e.g. "lastName" or "company.name"`);
  }
  if (!direction.length) return key;
  const [d] = direction;
  if (d !== "asc" && d !== "desc") throw new TypeError(`${fn}: unknown sort direction ${shown(d)} for "${key}": use "asc" or "desc"`);
  return `${key}:${d}`;
}

function term(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new TypeError('sort: a tuple term is [key, direction], e.g. ["lastName", "desc"]');
    return checked("sort", value[0], value[1]);
  }
  if (typeof value !== "string") throw new TypeError(`sort: a term is a key string or a [key, direction] tuple, got ${typeof value}`);
  const colon = value.indexOf(":");
  if (colon !== -1) return checked("sort", value.slice(0, colon), value.slice(colon + 1));
  return value.startsWith("-") ? `-${checked("sort", value.slice(1))}` : checked("sort", value);
}

/**
 * A `$sort` value from typed terms, in order: `sort("lastName", ["createdAt", "desc"], "-credit.amount")` →
 * `"lastName,createdAt:desc,-credit.amount"`. Keys come from `T` (default `Customer`); a term is written as given
 * (a bare key leaves the direction to the server). An unknown direction or a malformed key throws a `TypeError`.
 */
// NoInfer: T comes from the explicit type argument or the default, never from the terms (that would accept anything).
export function sort<T = Customer>(...terms: ReadonlyArray<NoInfer<SortTerm<T>>>): string {
  if (terms.length === 0) throw new TypeError('sort: pass at least one key, e.g. sort("lastName")');
  return terms.map(term).join(",");
}

/**
 * A `$sort` value from an object of keys and directions, in the object's order:
 * `sortBy({ lastName: "asc", firstName: "desc" })` → `"lastName:asc,firstName:desc"`.
 */
export function sortBy<T = Customer>(keys: NoInfer<{ readonly [K in SortKey<T>]?: SortDirection }>): string {
  if (!keys || typeof keys !== "object") throw new TypeError('sortBy: pass an object such as { lastName: "asc" }');
  const parts = Object.entries(keys as Record<string, unknown>)
    .filter(([, direction]) => direction !== undefined)
    .map(([key, direction]) => checked("sortBy", key, direction));
  if (parts.length === 0) throw new TypeError('sortBy: pass at least one key, e.g. sortBy({ lastName: "asc" })');
  return parts.join(",");
}
