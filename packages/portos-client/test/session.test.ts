import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { PortosErrorCode, unwrap, type AuthResult } from "../src/index.js";
import { credentials, mockClient } from "./helpers.js";

// The session calls through the client itself (no auth on the client: login and refresh need none).
const portos = mockClient({ auth: undefined });
const body = { UserName: credentials.userName, Password: credentials.password, DeviceName: credentials.deviceName };

describe("session calls", () => {
  it("logs in and answers the AuthResult", async () => {
    const result: AuthResult = await unwrap(portos.POST("/api/auth", { body }));
    expect(result.tokenId).toBe("eyJhbG....GLvNNavSk0A");
    expect(result.refreshToken).toBe("pC73A....63GkAAEpwtWA=");
    expect(result.user).toMatchObject({ userName: "999", rights: ["admin"], device: { name: "P01", envName: "CashRegister" } });
    expect(result.user?.device?.settings?.DefaultFiscalName).toBe("eKasa");
  });

  it("refuses a login without DeviceName, naming it", async () => {
    const { DeviceName: _, ...incomplete } = body;
    // @ts-expect-error: DeviceName is required, and the types say so
    const err = (await unwrap(portos.POST("/api/auth", { body: incomplete })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: PortosErrorCode.ValidationFailed });
    expect(err.message).toContain("DeviceName");
  });

  it("refreshes the session", async () => {
    const renewed = await unwrap(portos.POST("/api/auth/refresh", { body: { tokenId: "eyJhbG....GLvNNavSk0A", refreshToken: "pC73A....63GkAAEpwtWA=" } }));
    expect(renewed).toEqual({ tokenId: "eyJhbG....Xk2mQpR7c1A", refreshToken: "qD84B....71HlBBFqxuXB=" });
  });

  it("terminates the session of the bearer token (200 or 204, both declared: the vendor names no status)", async () => {
    const { response } = await portos.DELETE("/api/auth", { headers: { Authorization: "Bearer eyJhbG....GLvNNavSk0A" } });
    expect(response.status).toBe(200);
    const noContent = await portos.DELETE("/api/auth", { headers: { Authorization: "Bearer eyJhbG....GLvNNavSk0A", Prefer: "code=204" } });
    expect(noContent.response.status).toBe(204);
  });

  it("refuses to terminate a session without a token", async () => {
    const { response, error } = await portos.DELETE("/api/auth");
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ status: 401, errorCode: 1 });
  });
});
