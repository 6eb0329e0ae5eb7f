import { describe, expect, expectTypeOf, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { unwrap, unwrapEnvelope, type Company, type CompanyForm, type CompanyUpdate, type CompanyUpdateForm } from "../src/index.js";
import { B2B, B2B_COMPANY, mockClient } from "./helpers.js";

const tls = mockClient();

// The vendor's arguments example: name=Stark+Company&vat=21&chamberOfCommerce=Washington&reference=699425&costCenter=CC14&department=Communication
const starkCompany: CompanyUpdateForm = {
  name: "Stark Company",
  vat: "21",
  chamberOfCommerce: "Washington",
  reference: "699425",
  costCenter: "CC14",
  department: "Communication",
};

describe("customers B2B (through the Prism mock, with a guest token)", () => {
  it("lists the companies of the token's customer", async () => {
    const { companies } = await unwrap(tls.GET(B2B));
    const list = companies?.company ?? [];
    expectTypeOf(list).toEqualTypeOf<Company[]>();
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ id: 1, customer: 1212, name: "Stark Industries", reference: "21351322", costCenter: "CC12" });
    expect(list[1]?.name).toBe("Stark Company");
  });

  it("hands a plain GET the envelope as data, success and all", async () => {
    const { data, error, response } = await tls.GET(B2B);
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.response).toMatchObject({ success: true, code: 0, message: "companies retrieved" });
    expect(response.url).toMatch(/\/api\/json\/00000\/customer\/b2b$/);
  });

  it("creates a company from a form", async () => {
    const form: CompanyForm = { ...starkCompany };
    const { company } = await unwrap(tls.POST(B2B, { body: form }));
    expect(company).toMatchObject({ id: 1, customer: 1212, name: "Stark Industries", department: "Research" });
  });

  it("gives the whole envelope when asked, message included", async () => {
    const envelope = await unwrapEnvelope(tls.POST(B2B, { body: { vat: "21" } }));
    expect(envelope).toMatchObject({ success: true, code: 0, message: "company created" });
    expect(envelope.object?.company?.name).toBe("Stark Industries");
  });

  it("sends a create without vat: the vendor marks no field required (the server, not the mock, answers code 9)", async () => {
    const form: CompanyForm = { name: "Stark Company" };
    const { company } = await unwrap(tls.POST(B2B, { body: form }));
    expect(company).toMatchObject({ id: 1, name: "Stark Industries" });
  });

  it("updates a company chosen by its id", async () => {
    const updated = await unwrap(tls.PUT(B2B_COMPANY, { params: { path: { company: 22563 } }, body: starkCompany }));
    expectTypeOf(updated).toEqualTypeOf<CompanyUpdate>();
    // The vendor's example answers `reference` as a number here: the types take both.
    expect(updated).toMatchObject({ company: 2, name: "Stark Industries", reference: 489143, costCenter: "CC12" });
  });

  it("takes a company id as a string, as answers sometimes give it", async () => {
    const [first] = (await unwrap(tls.GET(B2B))).companies?.company ?? [];
    const id = String(first?.id);
    const updated = await unwrap(tls.PUT(B2B_COMPANY, { params: { path: { company: id } }, body: starkCompany }));
    expect(updated.name).toBe("Stark Industries");
  });

  it("refuses an update that leaves out a required field", async () => {
    const { vat: _vat, ...withoutVat } = starkCompany;
    // @ts-expect-error: every field of the update is required
    const call = tls.PUT(B2B_COMPANY, { params: { path: { company: 22563 } }, body: withoutVat });
    const err = (await unwrap(call).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/vat/);
  });

  it("refuses a company id that is not a number", async () => {
    const err = (await unwrap(tls.DELETE(B2B_COMPANY, { params: { path: { company: "stark" } } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/company must match pattern/);
  });

  it("deletes a company: no payload", async () => {
    const result = await unwrap(tls.DELETE(B2B_COMPANY, { params: { path: { company: 23355 } } }));
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
    expect(await unwrapEnvelope(tls.DELETE(B2B_COMPANY, { params: { path: { company: 23355 } } }))).toMatchObject({
      success: true,
      code: 0,
      message: "company deleted",
    });
  });

  it("turns the vendor's HTTP 200 failure example into an ApiError, even for a plain GET", async () => {
    // Prism plays the documented failure example: {"response":{"success":false,"code":10,"message":"no companies"}}, HTTP 200.
    const call = tls.GET(B2B, { headers: { Prefer: "example=noCompanies" } });
    const err = (await call.catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code: 10, body: { response: { success: false, code: 10, message: "no companies" } } });
    expect(err.message).toContain("no companies");
    expect(err.request).toMatchObject({ method: "GET" });
  });

  it("refuses a request without a token with 401 and code 3", async () => {
    const anonymous = mockClient({ auth: undefined });
    const { error, response } = await anonymous.GET(B2B);
    expect(response.status).toBe(401);
    expect(error?.response).toMatchObject({ success: false, code: 3, message: "token is empty" });
    await expect(unwrap(anonymous.GET(B2B))).rejects.toMatchObject({ name: "ApiError", status: 401, code: 3 });
  });
});
