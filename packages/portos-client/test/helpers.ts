import { inject } from "vitest";
import { portosAuth } from "@b2bkit/portos-auth";
import { createPortosClient, type Customer, type PortosClientOptions } from "../src/index.js";

/** The user and device of the vendor's login example; the password is a placeholder. */
export const credentials = { userName: "999", password: "s3cret-Pa55", deviceName: "P01" };

/** The client a user builds, logged in through portosAuth, pointed at this run's Prism mock of the Portos spec. */
export function mockClient(options: Partial<PortosClientOptions> = {}) {
  return createPortosClient({ baseUrl: inject("mock:portos"), auth: portosAuth(credentials), ...options });
}

/** The customer of the vendor's examples, as a create or update body. */
export const john: Customer = {
  id: "customer-id",
  externalId: null,
  isActive: true,
  firstName: "John",
  lastName: "Doe",
  email: "john.doe@portos.sk",
  isCompany: false,
  company: null,
  address: null,
  deliveryAddress: null,
  credit: { amount: 0.0, currencyLabel: null },
  cards: [
    {
      externalId: "external-card-id",
      isActive: true,
      isVirtual: true,
      serialNumber: "card-serial-number",
      processor: "P",
      activationTime: "2022-11-01T00:00:00.00Z",
    },
  ],
  creditRate: 0.0,
  discountRate: 0.0,
  meta: {},
  _v: 1,
};

/** A JWT-shaped token (unsigned) whose `exp` is `expiresInS` seconds from now. */
export function jwt(id: string, expiresInS: number): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: id, exp: Math.floor(Date.now() / 1000) + expiresInS })}.sig`;
}

/** The body of the vendor's "Create customer" and "Create or update customer" examples, every field as documented. */
export const documentedCustomer: Customer = {
  id: "customer-id",
  externalId: null,
  isActive: true,
  status: "Valid",
  activationTime: null,
  expirationTime: null,
  firstName: "John",
  lastName: "Doe",
  fullName: "John Doe",
  gender: null,
  birthDate: null,
  email: "john.doe@portos.sk",
  phone: null,
  isCompany: false,
  company: null,
  address: null,
  deliveryAddress: null,
  credit: { amount: 0.0, currencyLabel: null },
  creditTransactions: [],
  cards: [
    {
      externalId: "external-card-id",
      isActive: true,
      isVirtual: true,
      serialNumber: "card-serial-number",
      processor: "P",
      status: "Valid",
      statusTime: null,
      statusReason: null,
      activationTime: "2022-11-01T00:00:00.00Z",
      expirationTime: null,
      note: null,
      meta: null,
    },
  ],
  creditRate: 0.0,
  discountRate: 0.0,
  note: null,
  meta: {},
  _v: 1,
};
