/**
 * What the edge's middleware learns about a request and hands down the chain.
 * @module
 */
import type { AuthError, Principal } from "@marquee/auth";
import type { SecureHeadersVariables } from "hono/secure-headers";
import type { ClientAddressVariables } from "../middleware/client_address.ts";
import type { RouteEntry } from "./route_table.ts";

/** Context variables of the edge app. */
export interface EdgeVariables extends ClientAddressVariables, SecureHeadersVariables {
  /** The route-table entry of a gateway request; unset for storefront pages. */
  route?: RouteEntry;
  /** The caller, when a token was sent and verified. */
  principal?: Principal;
  /** Why a token was refused (or missing on a required route), answered after rate limiting. */
  authError?: AuthError;
  requestId?: string;
}

/** The Hono environment of the edge app. */
export interface EdgeEnv {
  Variables: EdgeVariables;
}
