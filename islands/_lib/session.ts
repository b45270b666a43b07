/**
 * The signed-in session in the browser. The access token lives only in this module's memory;
 * the refresh token is an httpOnly cookie scoped to /api/auth, so a page load gets a new
 * access token with `POST /api/auth/refresh` and the token is refreshed before it expires.
 * Only a "signed in before" flag is stored, so anonymous visitors make no refresh call.
 * @module
 */
import { signal } from "@preact/signals";
import { networkProblem, type Problem, readProblem } from "./problem.ts";

/** The signed-in user as the users API shows it. */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  bio: string | null;
  roles: string[];
}

interface TokenResponse {
  accessToken: string;
  expiresIn: number;
  user: SessionUser;
}

/** The current user: undefined until known, null when signed out. */
export const currentUser = signal<SessionUser | null | undefined>(undefined);

const HINT_KEY = "marquee.session";
/** Refresh this long before the access token expires. */
const EARLY_MS = 60_000;

let token: { value: string; expiresAt: number } | null = null;
let refreshing: Promise<boolean> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

function setHint(on: boolean) {
  try {
    if (on) localStorage.setItem(HINT_KEY, "1");
    else localStorage.removeItem(HINT_KEY);
  } catch {
    // Storage may be disabled; the session still works for this page.
  }
}

function hasHint(): boolean {
  try {
    return localStorage.getItem(HINT_KEY) === "1";
  } catch {
    return false;
  }
}

function adopt(res: TokenResponse) {
  const lifetime = Math.max(res.expiresIn, 10) * 1000;
  token = { value: res.accessToken, expiresAt: Date.now() + lifetime };
  currentUser.value = res.user;
  setHint(true);
  clearTimeout(timer);
  const delay = lifetime > 2 * EARLY_MS ? lifetime - EARLY_MS : lifetime * 0.8;
  timer = setTimeout(() => void refresh(), delay);
}

function forget() {
  token = null;
  currentUser.value = null;
  setHint(false);
  clearTimeout(timer);
}

const jsonPost = (path: string, body: unknown) =>
  fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });

/** Gets a new access token with the refresh cookie; false when the session is over. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await jsonPost("/api/auth/refresh", {});
      if (!res.ok) {
        await res.body?.cancel();
        forget();
        return false;
      }
      adopt(await res.json());
      return true;
    } catch {
      // Offline: keep what we have and try again on the next call.
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Resolves the session once per page: refreshes only if this browser signed in before. */
export async function loadSession(): Promise<SessionUser | null> {
  if (currentUser.value !== undefined) return currentUser.value;
  if (!hasHint()) {
    currentUser.value = null;
    return null;
  }
  await refresh();
  currentUser.value ??= null;
  return currentUser.value;
}

/** A valid access token, refreshed when close to expiry; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (token && token.expiresAt - Date.now() > 30_000) return token.value;
  if (!token && !hasHint()) return null;
  return await refresh() ? token?.value ?? null : null;
}

/** `fetch` with the bearer token; a 401 gets one refresh and one retry. */
export async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (bearer: string | null) => {
    const headers = new Headers(init.headers);
    if (bearer) headers.set("authorization", `Bearer ${bearer}`);
    if (!headers.has("accept")) headers.set("accept", "application/json");
    return fetch(path, { ...init, headers, credentials: "same-origin" });
  };
  const first = await accessToken();
  const res = await send(first);
  if (res.status !== 401 || !first || !await refresh()) return res;
  await res.body?.cancel();
  return await send(token?.value ?? null);
}

/** The outcome of a sign-in. */
export type SignInResult = { ok: true; user: SessionUser } | { ok: false; problem: Problem };

/** Signs in with email and password. */
export async function signIn(email: string, password: string): Promise<SignInResult> {
  try {
    const res = await jsonPost("/api/auth/login", { email, password });
    if (!res.ok) return { ok: false, problem: await readProblem(res) };
    const body = await res.json() as TokenResponse;
    adopt(body);
    return { ok: true, user: body.user };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}

/** Ends the session here and on the server. */
export async function signOut(): Promise<void> {
  try {
    const res = await jsonPost("/api/auth/logout", {});
    await res.body?.cancel();
  } finally {
    forget();
  }
}

/** Whether `user` may use the creator dashboard. */
export const isCreator = (user: SessionUser | null | undefined): boolean =>
  !!user && (user.roles.includes("creator") || user.roles.includes("admin"));
