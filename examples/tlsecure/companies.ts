// TLSecure B2B companies: listed; a new one created, updated and deleted; a refused id.
// Writes a company, deleted at the end.
import { isB2bkitError } from "@b2bkit/core";
import { TlsecureCode, createTlsecureClient, unwrap } from "@b2bkit/tlsecure-client";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";

const domainCode = process.env.B2BKIT_TLSECURE_DOMAIN_CODE!; // your shop, five digits ("00000" is the vendor's test shop)
const tls = createTlsecureClient({
  baseUrl: process.env.B2BKIT_TLSECURE_URL!, // e.g. https://wsmedia.tlsecure.com
  domainCode,
  auth: tlsecureAuth({ domainCode }), // guest tokens; or tlsecureAuth({ token }) with a customer's
});

// The companies of the token's customer: one list, no paging (an id may come as a number or a string).
const { companies } = await unwrap(tls.GET("/api/{returnType}/{domainCode}/customer/b2b"));
for (const c of companies?.company ?? []) console.log(c.id, c.name, c.department);

// A new company: created, updated (an update sends every field), then deleted.
const { company } = await unwrap(tls.POST("/api/{returnType}/{domainCode}/customer/b2b", { body: { name: "Example Trading", vat: "21" } }));
if (company?.id === undefined) throw new Error("TLSecure created the company without naming its id");
const path = { params: { path: { company: company.id } } };
const fields = { name: "Example Trading Ltd", vat: "21", chamberOfCommerce: "Paris", reference: "EX-1", costCenter: "CC01", department: "Purchasing" };
const updated = await unwrap(tls.PUT("/api/{returnType}/{domainCode}/customer/b2b/{company}", { ...path, body: fields }));
console.log(`updated company ${updated.company}: ${updated.name}`);
await unwrap(tls.DELETE("/api/{returnType}/{domainCode}/customer/b2b/{company}", path));

// TLSecure refuses what it cannot read with its own code, often inside an HTTP 200 answer: either way an ApiError
// whose code is the vendor's. Here a company named where its id belongs.
try {
  await unwrap(tls.DELETE("/api/{returnType}/{domainCode}/customer/b2b/{company}", { params: { path: { company: "Example Trading" } } }));
} catch (err) {
  if (!isB2bkitError(err, "ApiError")) throw err;
  console.log(`refused: HTTP ${err.status}, code ${err.code}${err.code === TlsecureCode.InvalidParameter ? " (a parameter of the wrong type)" : ""}`);
}
