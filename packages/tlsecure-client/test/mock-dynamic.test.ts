// `pnpm mock tlsecure --dynamic` answers data generated from the spec's schemas. These walks drive the real client and
// a guest-token auth through it — the token call, the companies list, create, update and delete — and check that every
// answer keeps what TLSecure keeps: a success envelope that is one (success true, code 0, its `object` there), a token
// of 26 characters a header can carry, companies that carry the id they are updated and deleted by. Each walk is one
// test: a run with B2BKIT_DYNAMIC_RUNS=50 measures how many generated walks pass.
import { describe, expect, it } from "vitest";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";
import { createTlsecureClient, unwrap, unwrapEnvelope } from "../src/index.js";
import { B2B, B2B_COMPANY, DOMAIN } from "./helpers.js";
import { dynamicMock, recorder } from "@b2bkit/mock/behaviour";

const RUNS = Number(process.env["B2BKIT_DYNAMIC_RUNS"] ?? 8);

const mockUrl = dynamicMock("tlsecure");

/** A success as TLSecure writes one: success true and code 0 (absent on the token answer). */
function expectSuccess(envelope: { success?: unknown; code?: unknown }) {
  expect(envelope.success).toBe(true);
  expect(envelope.code ?? 0).toBe(0);
}

/** A company id: a Long, as a number or as its decimal text. */
const expectId = (id: unknown) => expect(String(id)).toMatch(/^-?\d+$/);

const FORM = { name: "Stark Company", vat: "21", chamberOfCommerce: "Washington", reference: "699425", costCenter: "CC14", department: "Communication" };

async function walk() {
  const log = recorder();
  const tls = createTlsecureClient({ baseUrl: mockUrl(), domainCode: DOMAIN, auth: tlsecureAuth({ domainCode: DOMAIN }), maxRetries: 0, fetch: log.fetch });

  // The guest token (fetched by the first call): 26 characters, sent as the `token` header of the calls after it.
  const listed = await unwrapEnvelope(tls.GET(B2B));
  const tokenAnswer = log.seen.find((a) => a.path.endsWith("/customer/token"));
  const { response } = JSON.parse(tokenAnswer!.body) as { response: { success?: unknown; code?: unknown; object?: { token?: { value?: unknown } } } };
  expectSuccess(response);
  expect(response.object?.token?.value).toMatch(/^[\x21-\x7e]{26}$/);
  expect(log.seen.at(-1)?.headers.get("token")).toBe(response.object?.token?.value);

  // The companies: a success carries them, each with its id and the id of its customer.
  expectSuccess(listed);
  const companies = listed.object?.companies?.company ?? [];
  for (const company of companies) {
    expectId(company.id);
    expectId(company.customer);
  }

  // Create, update and delete, by the id the answers give.
  const created = await unwrapEnvelope(tls.POST(B2B, { body: FORM }));
  expectSuccess(created);
  const id = created.object?.company?.id;
  expectId(id);
  const updated = await unwrapEnvelope(tls.PUT(B2B_COMPANY, { params: { path: { company: id! } }, body: FORM }));
  expectSuccess(updated);
  expectId(updated.object?.company);
  expect(await unwrap(tls.DELETE(B2B_COMPANY, { params: { path: { company: id! } } }))).toBeUndefined();

  // A failure asked for (Prism's Prefer header) is a documented one, generated or not.
  await expect(unwrap(tls.GET(B2B, { headers: { Prefer: "code=400" } }))).rejects.toMatchObject({ status: 400, code: 9 });
  await expect(unwrap(tls.GET(B2B, { headers: { Prefer: "example=noCompanies" } }))).rejects.toMatchObject({ status: 200, code: 10 });
}

describe("the dynamic TLSecure mock keeps what TLSecure keeps", () => {
  for (let run = 1; run <= RUNS; run++) it(`walk ${run}`, walk, 30_000);
});
