// @ts-check
/** The JSON API with the session's bearer token; errors arrive as RFC 9457 problem details. */

const TOKEN_KEY = 'frist.token';

/**
 * @typedef {{ sub: string, role: 'caseworker' | 'manager' | 'ops' | 'jurist', teams: string[], exp: number }} Session
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
export const homeRoute = (role) =>
  role === 'manager' ? 'overblik' : role === 'ops' ? 'drift' : role === 'jurist' ? 'regelaendringer' : 'indbakke';

/** @param {string} token */
export const saveToken = (token) => sessionStorage.setItem(TOKEN_KEY, token.trim());
export const logout = () => sessionStorage.removeItem(TOKEN_KEY);

/**
 * One call with the session's token; a refusal becomes an ApiError with the API's problem details.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, token?: string }} opts
 * @returns {Promise<Response>}
 */
async function send(path, opts) {
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
  if (res.ok) return res;
  if (res.status === 401 && opts.token === undefined) {
    logout();
    location.hash = '#/login?udloebet=1';
  }
  const text = await res.text();
  /** @type {any} */
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not a problem document (a proxy's error page): the status says enough
  }
  throw new ApiError(body && typeof body === 'object' ? body : { status: res.status, code: `HTTP_${res.status}` });
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, token?: string }} [opts]
 * @returns {Promise<any>}
 */
export async function api(path, opts = {}) {
  const text = await (await send(path, opts)).text();
  return text ? JSON.parse(text) : null;
}

/**
 * Saves an endpoint's CSV answer (`format=csv`: UTF-8 with BOM, `;`, Danish dates) as a file, under the name the
 * server gives it ("forfaldne-2026-12-07.csv"). The bytes are saved as they came, so Excel sees the BOM.
 * @param {string} path the JSON endpoint with its filters
 * @returns {Promise<string>} the file name
 */
export async function downloadCsv(path) {
  const url = new URL(path, location.href);
  url.searchParams.set('format', 'csv');
  const res = await send(`${url.pathname}${url.search}`, { headers: { accept: 'text/csv' } });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'frist-eksport.csv';
  const href = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by now; the object URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
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
 *   obligations: { code: string, name: string, kind: string, metBy: string[] }[],
 *   programmes: { id: string, name: string, arms: string[], enrolmentWindow: { from: string, to: string },
 *     versions: { id: string, effectiveFrom: string }[],
 *     reasonCodes: { code: string, meaning: string, effectiveFrom: string }[] }[] }} Catalog
 */
/** @type {Map<string, Promise<Catalog>>} */
const catalogPromises = new Map();
/**
 * The engine's event vocabulary and obligations of a case type (loaded once per session).
 * @param {string} [caseType] @param {boolean} [migrated] @returns {Promise<Catalog>}
 */
export function catalog(caseType = 'fleksjob', migrated = false) {
  // A case that has taken MIG-2026 knows the law-2026 event types (e.g. the job-talk exemption).
  const key = `${caseType}${migrated ? ':migrated' : ''}`;
  let promise = catalogPromises.get(key);
  if (!promise) {
    promise = api(
      withQuery('/api/v1/preview/catalog', {
        caseType: caseType === 'fleksjob' ? undefined : caseType,
        migrated: migrated ? 'true' : undefined,
      }),
    );
    promise.catch(() => catalogPromises.delete(key));
    catalogPromises.set(key, promise);
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
    programmes: [
      ...fleksjob.programmes,
      ...sygedagpenge.programmes.filter((p) => !fleksjob.programmes.some((f) => f.id === p.id)),
    ],
    obligations: [...fleksjob.obligations, ...sygedagpenge.obligations.filter((o) => !codes.has(o.code))],
  };
}

/** Every problem code the API answers with, in Danish (the problem's own detail is English, for developers). */
const PROBLEM = {
  VALIDATION_FAILED: 'Et eller flere felter er ikke udfyldt korrekt.',
  PAYLOAD_TOO_LARGE: 'Det sendte fylder for meget. Gør teksterne kortere eller send færre ad gangen.',
  NESTING_TOO_DEEP: 'Det sendte er bygget for dybt op og kan ikke læses.',
  UNSUPPORTED_MEDIA_TYPE: 'Det sendte har et format, serveren ikke læser.',
  METHOD_NOT_ALLOWED: 'Handlingen findes ikke her.',
  CPR_NOT_ALLOWED: 'Borgerreferencen ligner et CPR-nummer. Brug fagsystemets sagsnummer i stedet.',
  CASE_NOT_FOUND: 'Sagen findes ikke, eller du har ikke adgang til den.',
  CASE_EXISTS: 'Der findes allerede en sag med det id.',
  CASE_CLOSED: 'Sagen er afsluttet. Der kan ikke registreres mere på den.',
  INVALID_EVENT: 'Hændelsen kan ikke registreres, som den er udfyldt.',
  EVENT_ID_CONFLICT: 'Hændelsen er allerede registreret med andre oplysninger.',
  EVENT_IN_FUTURE: 'Datoen ligger i fremtiden.',
  EVENT_NOT_ADMISSIBLE: 'Hændelsen passer ikke med sagens forløb på den dato.',
  EVENT_NOT_FOUND: 'Hændelsen findes ikke på sagen.',
  REASON_REQUIRED: 'Skriv en begrundelse.',
  INVALID_TIMELINE: 'Tidslinjen kan ikke beregnes, som den er udfyldt.',
  INVALID_CURSOR: 'Listen er ændret. Hent den igen.',
  TEMPORAL_UNAVAILABLE: 'Sagsmotoren svarer ikke lige nu. Prøv igen om lidt.',
  DATABASE_UNAVAILABLE: 'Databasen svarer ikke lige nu. Prøv igen om lidt.',
  SHUTTING_DOWN: 'Serveren genstarter. Prøv igen om et øjeblik.',
  NOT_FOUND: 'Det, du leder efter, findes ikke.',
  UNAUTHENTICATED: 'Du er ikke logget ind, eller din adgang er udløbet.',
  FORBIDDEN: 'Din rolle eller dine teams giver ikke adgang til dette.',
  TASK_NOT_FOUND: 'Opgaven findes ikke, eller du har ikke adgang til den.',
  TASK_NOT_OPEN: 'Opgaven er ikke længere åben.',
  TASK_ALREADY_ASSIGNED: 'Opgaven er allerede taget af en anden.',
  PRECONDITION_FAILED: 'Opgaven er ændret siden du hentede den. Listen er opdateret – prøv igen.',
  PRECONDITION_REQUIRED: 'Opgaven skal hentes igen, før den kan ændres.',
  WEBHOOK_NOT_FOUND: 'Abonnementet findes ikke.',
  CALENDAR_FEED_NOT_FOUND: 'Kalenderen findes ikke.',
  WEBHOOK_URL_INTERNAL:
    'Adressen peger på et internt netværk (denne maskine eller et privat net). Webhooks sendes kun til eksterne modtagere.',
  WEBHOOK_HOST_NOT_ALLOWED: 'Modtageren er ikke på kommunens liste over tilladte modtagere.',
  WEBHOOK_URL_NOT_HTTPS: 'Adressen skal begynde med https://.',
  WEBHOOK_URL_CREDENTIALS:
    'Adressen må ikke indeholde brugernavn eller adgangskode; signaturen viser, at kaldet kommer fra frist.',
  WEBHOOKS_DISABLED: 'Denne installation sender ikke webhooks. Kontakt driften, hvis I har brug for dem.',
  TOO_MANY_STREAMS: 'For mange åbne forbindelser. Prøv igen om lidt.',
  PROGRAMME_NOT_FOUND: 'Forsøget findes ikke.',
  TRIAL_ARM_NOT_FOUND: 'Forsøget har ikke den gruppe.',
  REASON_CODE_NOT_FOUND: 'Forsøget har ikke den fritagelsesårsag.',
  REASON_NOT_EFFECTIVE: 'Fritagelsesårsagen gælder ikke på den dato.',
  CASE_TYPE_NOT_IN_PROGRAMME: 'Forsøget omfatter ikke denne sagstype.',
  TRIAL_ENTRY_NOT_MET: 'Sagen opfylder ikke forsøgets betingelser for optagelse på den dato.',
  ALREADY_ENROLLED: 'Sagen er allerede med i forsøget.',
  NOT_ENROLLED: 'Sagen er ikke med i forsøget.',
  UNKNOWN_TEAM: 'Teamet findes ikke i kommunens teamliste.',
  CASE_NEEDS_ATTENTION: 'Sagen afventer drift: den seneste ændring kunne ikke behandles. Kontakt drift.',
  CASE_EVENT_LIMIT: 'Sagen har nået det største antal hændelser, der kan registreres.',
  CASE_PAYLOAD_LIMIT: 'Hændelsen fylder for meget. Gør teksterne kortere.',
  RATE_LIMITED: 'For mange forespørgsler på kort tid. Vent et øjeblik og prøv igen.',
  TOO_MANY_STREAMS_FOR_USER: 'Du har for mange åbne faner med live-opdatering. Luk nogle af dem.',
  RULE_CHANGE_NOT_FOUND: 'Regelændringen findes ikke.',
  RULE_CHANGE_INVALID: 'Regelændringen er ikke udfyldt korrekt.',
  RULE_CHANGE_WRONG_STATE: 'Regelændringen er allerede behandlet. Hent listen igen.',
  RULE_CHANGE_ROLE_REQUIRED: 'Din rolle må ikke tage dette skridt. Godkendelse kræver en jurist.',
  FOUR_EYES_REQUIRED: 'Du har selv udarbejdet ændringen. En anden jurist skal godkende den.',
  SOURCES_REQUIRED: 'Angiv de retskilder, du har kontrolleret.',
  RULE_SET_NOT_VERIFIED:
    'Regelsættet er ikke efterprøvet mod den vedtagne lov og kan ikke godkendes eller offentliggøres.',
  RULE_CHANGE_NOT_PUBLISHED: 'Regelændringen er ikke offentliggjort og kan ikke tages i brug.',
  INTERNAL: 'Der skete en fejl på serveren. Prøv igen, og kontakt drift hvis det bliver ved.',
  NETWORK: 'Serveren svarer ikke. Prøv igen om lidt.',
};
/** @type {Record<string, string>} */
const PROBLEM_TEXT = PROBLEM;

/** The problem in Danish, whatever the API said: never its English detail. @param {unknown} err */
export function problemText(err) {
  if (!(err instanceof ApiError)) return 'Der skete en uventet fejl.';
  const p = err.problem;
  return (
    PROBLEM_TEXT[p.code] ??
    (p.status === 404
      ? PROBLEM_TEXT.NOT_FOUND
      : p.status >= 500
        ? PROBLEM_TEXT.INTERNAL
        : 'Anmodningen blev afvist. Kontrollér felterne og prøv igen.')
  );
}

/**
 * The fields a problem names, in Danish ("Hændelse 2, Interval (dage)"), for a list under the message.
 * @param {unknown} err @param {(field: string) => string} fieldLabel
 * @returns {string[]}
 */
export function problemFields(err, fieldLabel) {
  if (!(err instanceof ApiError)) return [];
  const names = (err.problem.errors ?? []).map((i) => {
    const path = i.path ?? i.field ?? '';
    const m = /^events\[(\d+)\]\.?(.*)$/.exec(path);
    if (m) return `Hændelse ${Number(m[1]) + 1}${m[2] ? `: ${fieldLabel(m[2])}` : ''}`;
    const last = path.split('.').pop() ?? '';
    return last ? fieldLabel(last) : 'Hele formularen';
  });
  return [...new Set(names)].map((n) => `${n} er ikke gyldig.`);
}

/**
 * The registered teams (ids and Danish names): where a case can be moved, and names for the token's team ids.
 * @returns {Promise<{ id: string, name: string }[]>}
 */
export async function teamOptions() {
  const body = await api('/api/v1/teams');
  return body.items;
}
