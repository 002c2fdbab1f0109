// @ts-check
/** The JSON API with the session's bearer token; errors arrive as RFC 9457 problem details. */

const TOKEN_KEY = 'frist.token';

/**
 * @typedef {{ sub: string, role: 'caseworker' | 'manager' | 'ops', teams: string[], exp: number }} Session
 * @typedef {{ status: number, code: string, title?: string, detail?: string,
 *   errors?: { path?: string, field?: string, message: string }[] }} Problem
 */

export class ApiError extends Error {
  /** @param {Problem} problem */
  constructor(problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.problem = problem;
  }
}

/**
 * The token's claims, for the menu and defaults only; the server verifies the token on every call.
 * @returns {Session | null}
 */
export function session() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = /** @type {Partial<Session>} */ (
      JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))))
    );
    if (!claims.sub || !claims.role || (claims.exp ?? 0) * 1000 < Date.now()) return null;
    return { sub: claims.sub, role: claims.role, teams: claims.teams ?? [], exp: claims.exp ?? 0 };
  } catch {
    return null;
  }
}

/** The start page of a role. @param {Session['role']} role */
export const homeRoute = (role) => (role === 'manager' ? 'overblik' : role === 'ops' ? 'drift' : 'indbakke');

/** @param {string} token */
export const saveToken = (token) => sessionStorage.setItem(TOKEN_KEY, token.trim());
export const logout = () => sessionStorage.removeItem(TOKEN_KEY);

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, token?: string }} [opts]
 * @returns {Promise<any>}
 */
export async function api(path, opts = {}) {
  const token = opts.token ?? sessionStorage.getItem(TOKEN_KEY);
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json', ...opts.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', detail: 'Serveren svarer ikke. Prøv igen om lidt.' });
  }
  const text = await res.text();
  /** @type {any} */
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && opts.token === undefined) {
      logout();
      location.hash = '#/login?udloebet=1';
    }
    throw new ApiError(body && typeof body === 'object' ? body : { status: res.status, code: `HTTP_${res.status}` });
  }
  return body;
}

/** @param {string} path @param {Record<string, string | number | undefined | null>} params */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * @typedef {{ kind: string, required: boolean, values?: string[], min?: number, max?: number }} FieldSpec
 * @typedef {{ ruleSet: string,
 *   eventTypes: { type: string, meaning: string, fields: Record<string, FieldSpec> }[],
 *   obligations: { code: string, name: string, kind: string, metBy: string[] }[] }} Catalog
 */
/** @type {Map<string, Promise<Catalog>>} */
const catalogPromises = new Map();
/**
 * The engine's event vocabulary and obligations of a case type (loaded once per session).
 * @param {string} [caseType] @returns {Promise<Catalog>}
 */
export function catalog(caseType = 'fleksjob') {
  let promise = catalogPromises.get(caseType);
  if (!promise) {
    promise = api(withQuery('/api/v1/preview/catalog', { caseType: caseType === 'fleksjob' ? undefined : caseType }));
    promise.catch(() => catalogPromises.delete(caseType));
    catalogPromises.set(caseType, promise);
  }
  return promise;
}

/**
 * Every case type's vocabulary in one (an inbox mixes fleksjob and sygedagpenge tasks): the fleksjob catalog, plus
 * what only the other case types have. @returns {Promise<Catalog>}
 */
export async function allCatalogs() {
  const [fleksjob, sygedagpenge] = await Promise.all([catalog('fleksjob'), catalog('sygedagpenge')]);
  const codes = new Set(fleksjob.obligations.map((o) => o.code));
  const types = new Set(fleksjob.eventTypes.map((e) => e.type));
  return {
    ...fleksjob,
    eventTypes: [...fleksjob.eventTypes, ...sygedagpenge.eventTypes.filter((e) => !types.has(e.type))],
    obligations: [...fleksjob.obligations, ...sygedagpenge.obligations.filter((o) => !codes.has(o.code))],
  };
}

/** Danish messages for the problems a person can act on. @param {unknown} err */
export function problemText(err) {
  if (!(err instanceof ApiError)) return 'Der skete en uventet fejl.';
  const p = err.problem;
  /** @type {Record<string, string>} */
  const known = {
    FORBIDDEN: 'Din rolle eller dine teams giver ikke adgang til dette.',
    UNAUTHENTICATED: 'Du er ikke logget ind, eller din adgang er udløbet.',
    PRECONDITION_FAILED: 'Opgaven er ændret siden du hentede den. Listen er opdateret – prøv igen.',
    TASK_ALREADY_ASSIGNED: 'Opgaven er allerede taget af en anden.',
    TASK_NOT_OPEN: 'Opgaven er ikke længere åben.',
    TEMPORAL_UNAVAILABLE: 'Sagsmotoren svarer ikke lige nu. Prøv igen om lidt.',
    DATABASE_UNAVAILABLE: 'Databasen svarer ikke lige nu. Prøv igen om lidt.',
    EVENT_IN_FUTURE: 'Datoen ligger i fremtiden.',
    REASON_REQUIRED: 'Skriv en begrundelse.',
    NETWORK: 'Serveren svarer ikke. Prøv igen om lidt.',
  };
  return known[p.code] ?? p.detail ?? p.title ?? 'Der skete en fejl.';
}
