// `pnpm mock amage --dynamic` answers data generated from the spec's schemas. These tests drive the real client and
// auth through every operation a user calls, many times over, and check that the generated answers keep what AMAGE
// documents: a count is a whole number, never negative; a record read from the system carries its id and UUID; a
// 200 operation result says `success: true` with no error code and names the record it created or changed.
// Each request asks Prism for its own seed (`Prefer: seed=…`), so a failing run is reproducible from its number.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { amageAuth } from "@b2bkit/amage-auth";
import { freePort, startMock, type RunningMock } from "@b2bkit/mock";
import { everyRun, seededFetch } from "@b2bkit/mock/prefer";
import { createAmageClient, listAll, unwrap, type AmageClient, type paths } from "../src/index.js";
import { UUID, credentials } from "./helpers.js";

// 25 runs by default (each a few dozen requests); B2BKIT_DYNAMIC_RUNS=50 runs more.
const RUNS = Number(process.env.B2BKIT_DYNAMIC_RUNS ?? 25);
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTITIES = [
  { name: "deliveries", uuidField: "deliveryUuid", change: "edit" },
  { name: "orders", uuidField: "orderUuid", change: "update" },
  { name: "complaints", uuidField: "complaintUuid", change: "update" },
] as const;

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ vendor: "amage", port: await freePort(), dynamic: true });
}, 60_000);
afterAll(() => mock?.stop());

/** The client a user builds, every request of run `run` sent with the next seed of that run. */
function seededClient(run: number): AmageClient {
  return createAmageClient({ baseUrl: mock.url, auth: amageAuth(credentials), maxRetries: 0, fetch: seededFetch(run) });
}

type Record_ = { id?: unknown; uuid?: unknown };
type Result = { success?: unknown; errorCode?: unknown } & Record<string, unknown>;
// One loosely typed door to every path of the loop below (each path is typed on its own in the other tests).
type Loose = Record<"GET" | "POST" | "DELETE", (path: string, init?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>>;

/** A record as read from the system: "pole ID, UUID będą w zwracanej strukturze wypełnione danymi pochodzącymi z systemu". */
function expectRecord(record: unknown, where: string): asserts record is { id: number; uuid: string } {
  expect(record, where).toBeTypeOf("object");
  const { id, uuid } = (record ?? {}) as Record_;
  expect(Number.isInteger(id), `${where}: id ${JSON.stringify(id)}`).toBe(true);
  expect(typeof uuid === "string" && UUID_SHAPE.test(uuid), `${where}: uuid ${JSON.stringify(uuid)}`).toBe(true);
}

/** A successful operation result: success true, no error code, and (for add/edit/update) the record's UUID. */
function expectSuccess(result: unknown, where: string, uuidField?: string): void {
  const { success, errorCode } = (result ?? {}) as Result;
  expect(success, `${where}: success`).toBe(true);
  expect([0, null, undefined], `${where}: errorCode ${JSON.stringify(errorCode)}`).toContain(errorCode);
  if (uuidField) {
    const uuid = (result as Result)[uuidField];
    expect(typeof uuid === "string" && UUID_SHAPE.test(uuid), `${where}: ${uuidField} ${JSON.stringify(uuid)}`).toBe(true);
  }
}

/** Every record of a list through listAll, with a small page so that walks of several pages happen. */
async function walk(amage: AmageClient, path: string, params?: object): Promise<unknown[]> {
  const all: unknown[] = [];
  const pageSize = 3;
  const looseListAll = listAll as unknown as (client: AmageClient, path: string, options: object) => AsyncGenerator<unknown>;
  for await (const record of looseListAll(amage, path, { pageSize, ...params })) {
    all.push(record);
    // A page is at most 5 records here; a walk past 40 pages would mean that it never ends.
    if (all.length > 40 * pageSize) throw new Error(`listAll ${path} does not end`);
  }
  return all;
}

async function scenario(run: number): Promise<void> {
  const amage = seededClient(run);
  const loose = amage as unknown as Loose;
  const base = "/rest/amage/v1";
  let deliveryUuid = UUID;
  for (const { name, uuidField, change } of ENTITIES) {
    const count = await unwrap(loose.GET(`${base}/${name}/count`));
    expect(Number.isInteger(count) && (count as number) >= 0, `${name}/count answered ${JSON.stringify(count)}`).toBe(true);

    const page = await unwrap(loose.GET(`${base}/${name}/list`, { params: { query: { page: 1, size: 50 } } }));
    expect(Array.isArray(page), `${name}/list answered ${JSON.stringify(page)}`).toBe(true);
    (page as unknown[]).forEach((record, i) => expectRecord(record, `${name}/list[${i}]`));

    const all = await walk(amage, `${base}/${name}/list`);
    all.forEach((record, i) => expectRecord(record, `listAll ${name}[${i}]`));

    const first = (page as Array<{ uuid: string }>)[0];
    const uuid = first?.uuid ?? UUID;
    const one = await unwrap(loose.GET(`${base}/${name}/get/by-uuid/{uuid}`, { params: { path: { uuid } } }));
    expectRecord(one, `${name}/get/by-uuid`);
    if (name === "deliveries") deliveryUuid = one.uuid;

    // The record read is what a user sends back: on add without its id, on edit/update as it is.
    const { id: _id, ...fresh } = one as Record<string, unknown>;
    const body = name === "complaints" ? { ...fresh, deliveryUuid } : fresh;
    expectSuccess(await unwrap(loose.POST(`${base}/${name}/add`, { body })), `${name}/add`, uuidField);
    expectSuccess(await unwrap(loose.POST(`${base}/${name}/${change}/{uuid}`, { params: { path: { uuid } }, body: one })), `${name}/${change}`, uuidField);
    expectSuccess(await unwrap(loose.DELETE(`${base}/${name}/delete/{uuid}`, { params: { path: { uuid } } })), `${name}/delete`);
  }
  const ofDelivery = await walk(amage, `${base}/complaints/list/by-delivery/{delivery-uuid}`, { params: { path: { "delivery-uuid": deliveryUuid } } });
  ofDelivery.forEach((record, i) => expectRecord(record, `listAll complaints of a delivery[${i}]`));
}

describe(`pnpm mock amage --dynamic keeps AMAGE's invariants`, () => {
  it(`through the client, ${RUNS} runs of count, list, listAll, get, add, edit/update and delete`, async () => {
    const failed = await everyRun(RUNS, scenario);
    expect(failed, `${failed.length} of ${RUNS} runs broke an invariant`).toEqual([]);
  }, 300_000);

  it("and the types say what the spec requires: ids on records read, success true and the saved record's UUID", () => {
    type Read = paths["/rest/amage/v1/deliveries/list"]["get"]["responses"][200]["content"]["application/json"][number];
    expectTypeOf<Read["id"]>().toEqualTypeOf<number>();
    expectTypeOf<Read["uuid"]>().toEqualTypeOf<string>();
    type One = paths["/rest/amage/v1/complaints/get/by-uuid/{uuid}"]["get"]["responses"][200]["content"]["application/json"];
    expectTypeOf<One["uuid"]>().toEqualTypeOf<string>();
    type Added = paths["/rest/amage/v1/orders/add"]["post"]["responses"][200]["content"]["application/json"];
    expectTypeOf<Added["success"]>().toEqualTypeOf<true>();
    expectTypeOf<Added["orderUuid"]>().toEqualTypeOf<string>();
    type Deleted = paths["/rest/amage/v1/deliveries/delete/{uuid}"]["delete"]["responses"][200]["content"]["application/json"];
    expectTypeOf<Deleted["success"]>().toEqualTypeOf<true>();
    type Refused = paths["/rest/amage/v1/deliveries/add"]["post"]["responses"][400]["content"]["application/json"];
    expectTypeOf<Refused["success"]>().toEqualTypeOf<false>();
  });
});
