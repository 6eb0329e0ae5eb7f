// TLSecure guest tokens: fetched when needed and fetched anew once forgotten. Writes nothing.
import { createTlsecureClient, unwrap } from "@b2bkit/tlsecure-client";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";

const domainCode = process.env.B2BKIT_TLSECURE_DOMAIN_CODE!; // five digits: "00000" is the vendor's test shop
const auth = tlsecureAuth({ domainCode }); // guest tokens, fetched for you; or tlsecureAuth({ token }) with one you have
const tls = createTlsecureClient({ baseUrl: process.env.B2BKIT_TLSECURE_URL!, domainCode, auth }); // e.g. https://wsmedia.tlsecure.com
const { companies } = await unwrap(tls.GET("/api/{returnType}/{domainCode}/customer/b2b")); // fetches a token first
console.log(`${companies?.company?.length ?? 0} companies, with a ${auth.mode} token`);
auth.invalidate(); // forget it: the next request fetches another (as when the API refuses one, with code 4 or 5)
console.log((await unwrap(tls.GET("/api/{returnType}/{domainCode}/customer/b2b"))).companies?.company?.map((c) => c.name));
