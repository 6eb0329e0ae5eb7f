// Strict where TLSecure's docs speak, tolerant where they are silent (issue 11). Each case is a request or an answer the
// spec used to refuse although the vendor's docs allow it (or say nothing against it); each must now pass, and the
// documented rules must still hold. Requests go to this run's Prism mock; answers come from a scripted upstream
// through Prism's validating proxy, whose `sl-violations` header lists what disagrees with the spec.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { proxiedUpstream, violations, type Violation } from "@b2bkit/mock/proxied";
import { json } from "@b2bkit/mock/test-server";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";
import {
  codeLists,
  createTlsecureClient,
  unwrap,
  unwrapEnvelope,
  type CompaniesEnvelope,
  type Company,
  type GetCompaniesCode,
  type UpdateCompanyCode,
} from "../src/index.js";
import { B2B, B2B_COMPANY, DOMAIN, TOKEN, envelope, mockClient } from "./helpers.js";

const about = (list: Violation[], where: "request" | "response") => list.filter((v) => v.location[0] === where);
const FORM = { token: TOKEN, "content-type": "application/x-www-form-urlencoded" };

describe("requests the docs allow, which the mock now accepts", () => {
  it("a create without vat: the vendor's table marks no field required (the server answers code 9 itself)", async () => {
    const res = await fetch(`${inject("mock:tlsecure")}/api/json/${DOMAIN}/customer/b2b`, { method: "POST", headers: FORM, body: "name=Stark+Company" });
    expect(res.status).toBe(200);
    expect(violations(res)).toEqual([]);
    // And through the client, with the empty form the types now allow.
    expect((await unwrap(mockClient().POST(B2B, { body: {} }))).company?.id).toBe(1);
  });

  it("a domain code other than five digits: the vendor does not state the format behind code 1", async () => {
    // Raw: the b2bkit client itself still checks five digits (see its README); the spec leaves it to the server.
    const res = await fetch(`${inject("mock:tlsecure")}/api/json/SHOP1/customer/b2b`, { headers: { token: TOKEN } });
    expect(res.status).toBe(200);
    expect(violations(res)).toEqual([]);
  });
});

describe("documented rules the mock still enforces", () => {
  it("an update must send every argument (\"Arguments are all required\")", async () => {
    const res = await fetch(`${inject("mock:tlsecure")}/api/json/${DOMAIN}/customer/b2b/22563`, { method: "PUT", headers: FORM, body: "name=Stark+Company&vat=21" });
    expect(res.status).toBe(400);
    expect(res.headers.get("sl-violations") ?? (await res.text())).toMatch(/chamberOfCommerce/);
  });

  it("a company id must be a Long, and returnType json or xml", async () => {
    const tls = mockClient();
    await expect(unwrap(tls.DELETE(B2B_COMPANY, { params: { path: { company: "stark" } } }))).rejects.toMatchObject({ status: 400 });
    const res = await fetch(`${inject("mock:tlsecure")}/api/csv/${DOMAIN}/customer/b2b`, { headers: { token: TOKEN } });
    expect(res.status).toBe(400);
  });
});

describe("the documented code lists stay named and typed", () => {
  it("keeps each list an enum of its documented codes, and lets an answer's code be any integer", () => {
    expectTypeOf<GetCompaniesCode>().toEqualTypeOf<0 | 1 | 2 | 3 | 4 | 5 | 9 | 10 | 99>();
    expectTypeOf<UpdateCompanyCode>().toEqualTypeOf<0 | 1 | 2 | 3 | 4 | 5 | 9 | 10 | 11 | 99>();
    expectTypeOf<42>().toMatchTypeOf<NonNullable<CompaniesEnvelope["response"]["code"]>>();
    expectTypeOf<GetCompaniesCode>().toMatchTypeOf<NonNullable<CompaniesEnvelope["response"]["code"]>>();
    // A company's text may be null; its ids may not, and are always there (every company of the vendor's examples).
    expectTypeOf<Company["department"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Company["id"]>().toEqualTypeOf<number | string>();
    expectTypeOf<Company["customer"]>().toEqualTypeOf<number | string>();
    expect(Object.keys(codeLists.listCustomersB2b).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 9, 10, 99]);
  });
});

describe("answers a real server gives, read through Prism's validating proxy", () => {
  const real = proxiedUpstream("tlsecure");

  /** Sends a request through the proxy and returns the answer with the violations Prism found in it. */
  async function through(path: string, init: RequestInit = {}) {
    const res = await fetch(`${real.url}/api/json/${DOMAIN}/customer${path}`, { ...init, headers: { token: TOKEN, ...init.headers } });
    const body = await res.text();
    const found = violations(res);
    return { status: res.status, body, request: about(found, "request"), response: about(found, "response") };
  }
  const client = () => createTlsecureClient({ baseUrl: real.url, domainCode: DOMAIN, auth: tlsecureAuth({ token: TOKEN }), maxRetries: 0 });

  it("companies with null text fields and a null reference", async () => {
    const stark = { id: 3, customer: 1212, name: "Stark Labs", chamberOfCommerce: null, reference: null, costCenter: null, department: null };
    real.answer = (_req, res) => envelope(res, { success: true, code: 0, message: "companies retrieved", object: { companies: { company: [stark] } } });
    const got = await through("/b2b");
    expect(got.status).toBe(200);
    expect(got.response).toEqual([]);
    const { companies } = await unwrap(client().GET(B2B));
    expect(companies?.company?.[0]).toEqual(stark);
  });

  it("a create answered with the company as created from a form without vat: empty fields null", async () => {
    real.answer = (_req, res) =>
      envelope(res, { success: true, code: 0, message: "company created", object: { company: { id: 4, customer: 1212, name: "Stark Company", chamberOfCommerce: null, reference: null, costCenter: null, department: null } } });
    const got = await through("/b2b", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=Stark+Company" });
    expect(got.request).toEqual([]);
    expect(got.response).toEqual([]);
  });

  it("the server's own refusal of a missing vat: HTTP 200, code 9 — no violation, and an ApiError from the client", async () => {
    real.answer = (_req, res) => envelope(res, { success: false, code: 9, message: "TVA is undefined" });
    const got = await through("/b2b", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=Stark+Company" });
    expect(got.request).toEqual([]);
    expect(got.response).toEqual([]);
    await expect(unwrap(client().POST(B2B, { body: { name: "Stark Company" } }))).rejects.toMatchObject({ name: "ApiError", status: 200, code: 9 });
  });

  it("a code no list names, with a null message and a null object: accepted, and an ApiError carrying the code", async () => {
    real.answer = (_req, res) => json(res, 200, { response: { success: false, code: 42, message: null, object: null } });
    const got = await through("/b2b");
    expect(got.status).toBe(200);
    expect(got.response).toEqual([]);
    const err = (await client().GET(B2B).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code: 42 });
  });

  it("the update's failure example's mismatch (code 10 \"company not exist\") and an unlisted code on delete", async () => {
    real.answer = (_req, res) => envelope(res, { success: false, code: 12, message: "company locked" });
    const del = await through("/b2b/22563", { method: "DELETE" });
    expect(del.response).toEqual([]);
    real.answer = (_req, res) => envelope(res, { success: false, code: 10, message: "company not exist" });
    const put = await through("/b2b/22563", {
      method: "PUT",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=n&vat=21&chamberOfCommerce=c&reference=r&costCenter=cc&department=d",
    });
    expect(put.response).toEqual([]);
  });

  it("a delete whose success carries a null object: no violation, and unwrap still gives undefined", async () => {
    real.answer = (_req, res) => json(res, 200, { response: { success: true, code: 0, message: "company deleted", object: null } });
    const got = await through("/b2b/22563", { method: "DELETE" });
    expect(got.response).toEqual([]);
    expect(await unwrap(client().DELETE(B2B_COMPANY, { params: { path: { company: 22563 } } }))).toBeUndefined();
  });

  it("a success with a null object is still refused by unwrap (it promises the payload), while unwrapEnvelope hands it on", async () => {
    real.answer = (_req, res) => json(res, 200, { response: { success: true, code: 0, message: "companies retrieved", object: null } });
    await expect(unwrap(client().GET(B2B))).rejects.toMatchObject({ name: "ApiError", message: expect.stringContaining("carries no `object`") });
    expect(await unwrapEnvelope(client().GET(B2B))).toMatchObject({ success: true, object: null });
  });

  // Tolerance has limits: what the docs do say is still checked in answers.
  it("still reports an envelope without success, a code that is no integer, and a company name that is no text", async () => {
    real.answer = (_req, res) => json(res, 200, { response: { code: 0, message: "companies retrieved" } });
    expect((await through("/b2b")).response.map((v) => v.message).join("\n")).toMatch(/success/);
    real.answer = (_req, res) => json(res, 200, { response: { success: false, code: "ten", message: "no companies" } });
    expect((await through("/b2b")).response.map((v) => v.location.join("."))).toContain("response.body.response.code");
    real.answer = (_req, res) => envelope(res, { success: true, code: 0, message: "companies retrieved", object: { companies: { company: [{ id: 1, name: { en: "Stark" } }] } } });
    expect((await through("/b2b")).response.map((v) => v.location.join("."))).toContain("response.body.response.object.companies.company.0.name");
  });
});
