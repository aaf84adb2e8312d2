import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimitByLength } from "./middleware/body-limit.js";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { ApiError, fieldProblems } from "../core/errors.js";
import type { AppDeps } from "../core/deps.js";
import type { GatewayApp, GatewayEnv } from "./env.js";
import { accessLog } from "./middleware/access-log.js";
import { limitByClientAddress } from "./middleware/rate-limit.js";
import { onError, onNotFound } from "./problem-handlers.js";
import { registerDocs } from "./docs.js";
import { registerReference } from "./reference.js";
import { registerPublicRoutes } from "./routes/public/index.js";
import { registerAdminRoutes } from "./routes/admin/index.js";
import { registerPharmacyRoutes } from "./routes/pharmacy/index.js";
import { registerInsurerRoutes } from "./routes/insurer/index.js";
import { registerMemberRoutes } from "./routes/member/index.js";
import { registerMemberPages } from "./pages/index.js";

/** Builds the whole HTTP API from its ports. The Node and Workers entries both call this. */
export function createApp(deps: AppDeps): GatewayApp {
  const app: GatewayApp = new OpenAPIHono<GatewayEnv>({
    // Every zod issue becomes one entry of `errors[]`, so a client sees all its mistakes at once.
    // The validator hands the hook the input it checked (`data`), which tells a missing field from a wrong one.
    defaultHook: (result) => {
      if (!result.success) {
        const input = "data" in result ? { value: result.data } : undefined;
        throw new ApiError("validation_failed", { key: "problem.validation_failed.detail" }, fieldProblems(result.error, input));
      }
    },
  });

  app.use(requestId({ headerName: "X-Request-Id" }));
  app.use(async function provideDeps(c, next) {
    c.set("deps", deps);
    await next();
  });
  app.use(accessLog());
  app.use(limitByClientAddress());
  // Same-origin resources by default; a route that needs otherwise (the JWKS) sets its own header, which stays.
  app.use(secureHeaders({ overwrite: false }));
  app.use(
    bodyLimitByLength({
      maxSize: deps.config.maxBodyBytes,
      onError: () => {
        throw new ApiError("payload_too_large", { key: "detail.payload_too_large.limit", params: { bytes: deps.config.maxBodyBytes } });
      },
    }),
  );

  registerPublicRoutes(app);
  registerMemberRoutes(app);
  registerPharmacyRoutes(app);
  registerInsurerRoutes(app);
  registerAdminRoutes(app);
  registerDocs(app);
  registerMemberPages(app);
  registerReference(app);

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}
