// @ts-check
import { api, ApiError, problemText } from '../api.js';
import { formatInstant, h, mount, table } from '../dom.js';
import { actionForm, disclosure, field, select } from '../forms.js';

/**
 * @typedef {{ id: string, team: string, url: string, description: string | null, createdBy: string,
 *   createdAt: string }} Webhook
 * @typedef {{ changeId: string, attempt: number, outcome: 'delivered' | 'failed', httpStatus: number | null,
 *   error: string | null, durationMs: number, at: string }} Delivery
 */

/** How many of a subscription's newest delivery attempts the page shows. */
const DELIVERIES = 10;

/**
 * Why the API refused a subscription, in Danish, by the problem's code: the receiver rules have codes of their own
 * (their Danish text is in api.js); a malformed URL or description is VALIDATION_FAILED naming the field.
 * @param {unknown} err
 */
function refusalText(err) {
  if (!(err instanceof ApiError)) return problemText(err);
  const fields = (err.problem.errors ?? []).map((e) => e.path ?? e.field ?? '');
  if (err.problem.code === 'CPR_NOT_ALLOWED')
    return fields.includes('url')
      ? 'Adressen må ikke indeholde et CPR-nummer.'
      : 'Beskrivelsen må ikke indeholde et CPR-nummer.';
  if (err.problem.code === 'VALIDATION_FAILED') {
    if (fields.includes('url')) return 'Skriv en hel adresse, der begynder med https://.';
    if (fields.includes('description')) return 'Beskrivelsen kan ikke bruges: højst 200 tegn og uden styretegn.';
  }
  return problemText(err);
}

/** A delivery attempt's result in words; the receiver's own answer is shown as its HTTP status. @param {Delivery} d */
function deliveryResult(d) {
  if (d.outcome === 'delivered') return 'Leveret';
  if (d.httpStatus !== null) return `Afvist af modtageren (HTTP ${d.httpStatus})`;
  const error = d.error ?? '';
  if (/allow-list/.test(error)) return 'Ikke sendt: modtageren er ikke længere tilladt';
  if (/does not resolve/.test(error)) return 'Modtagerens navn kunne ikke slås op';
  if (/loopback|link-local|private|internal/.test(error)) return 'Ikke sendt: modtageren peger på et internt netværk';
  if (/no answer within|timeout|aborted/i.test(error)) return 'Intet svar fra modtageren i tide';
  return 'Kunne ikke forbinde til modtageren';
}

/** The newest attempts, newest first. @param {Delivery[]} items */
function deliveriesTable(items) {
  return table(
    'Seneste leveringer',
    ['Tidspunkt', 'Resultat', '#Forsøg nr.', '#Varighed'],
    items.map((d) => [
      h('time', { datetime: d.at }, formatInstant(d.at)),
      h('span', { class: d.outcome === 'delivered' ? 'badge ok' : 'badge overdue' }, deliveryResult(d)),
      String(d.attempt),
      `${d.durationMs} ms`,
    ]),
    { hideCaption: true },
  );
}

/**
 * A manager's outgoing webhooks: subscribe a receiver to a team's task changes, see the last delivery attempts,
 * unsubscribe. The signing key is shown once, right after the subscription is made.
 */
/** @param {import('../app.js').PageContext} ctx */
export async function webhooksPage({ main, session }) {
  if (!session) return;
  const notice = h('div', { id: 'webhook-notice' });
  const list = h('div', { id: 'webhook-list' });

  const load = async () => {
    /** @type {Webhook[]} */
    const hooks = (await api('/api/v1/webhooks')).items;
    /** @type {Delivery[][]} */
    const deliveries = await Promise.all(
      hooks.map((w) =>
        api(`/api/v1/webhooks/${w.id}/deliveries?limit=${DELIVERIES}`).then(
          (r) => r.items,
          () => [],
        ),
      ),
    );
    mount(
      list,
      h('h2', { id: 'webhooks-heading' }, `Abonnementer (${hooks.length})`),
      hooks.length
        ? h(
            'ul',
            { class: 'webhooks', 'aria-labelledby': 'webhooks-heading' },
            hooks.map((w, i) => hookCard(w, deliveries[i] ?? [])),
          )
        : h('p', { class: 'muted' }, 'Ingen abonnementer endnu.'),
      h('button', { type: 'button', class: 'secondary', onClick: () => void refresh() }, 'Opdater leveringer'),
    );
  };
  const refresh = async () => {
    try {
      await load();
    } catch (err) {
      mount(list, h('div', { class: 'alert', role: 'alert' }, problemText(err)));
    }
  };

  /** @param {Webhook} w @param {Delivery[]} items */
  const hookCard = (w, items) => {
    const last = items[0];
    return h(
      'li',
      { class: 'card webhook', 'data-webhook': w.id },
      h('h3', null, w.description ?? 'Uden beskrivelse'),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Team'),
        h('dd', null, w.team),
        h('dt', null, 'Adresse'),
        h('dd', null, h('code', null, w.url)),
        h('dt', null, 'Oprettet'),
        h('dd', null, `${formatInstant(w.createdAt)} af ${w.createdBy}`),
        h('dt', null, 'Seneste levering'),
        h('dd', null, last ? `${deliveryResult(last)}, ${formatInstant(last.at)}` : 'Ingen endnu'),
      ),
      items.length
        ? h(
            'details',
            { class: 'deliveries' },
            h('summary', null, `Seneste leveringer (${items.length})`),
            deliveriesTable(items),
          )
        : null,
      disclosure(
        'Slet abonnement …',
        actionForm({
          label: `Slet abonnementet ${w.description ?? w.url}`,
          submit: 'Slet abonnementet',
          intro: 'Modtageren får ingen flere ændringer. Leveringsloggen slettes med abonnementet.',
          action: async () => {
            await api(`/api/v1/webhooks/${w.id}`, { method: 'DELETE' });
            mount(notice, h('div', { class: 'notice', role: 'status' }, 'Abonnementet er slettet.'));
            await refresh();
          },
        }),
      ),
    );
  };

  const team = select({
    label: 'Team',
    options: session.teams.map((t) => ({ value: t, text: t })),
    name: 'team',
  });
  const url = h('input', {
    type: 'url',
    name: 'url',
    required: true,
    maxlength: '2000',
    placeholder: 'https://',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const description = h('input', { type: 'text', name: 'description', maxlength: '200', autocomplete: 'off' });
  const createStatus = h('div', { class: 'form-status' });
  const create = h(
    'form',
    {
      class: 'task-form card',
      'aria-label': 'Nyt abonnement',
      onSubmit: async (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        const button = /** @type {HTMLButtonElement} */ (create.querySelector('button[type=submit]'));
        button.disabled = true;
        mount(createStatus);
        try {
          const text = description.value.trim();
          const made = await api('/api/v1/webhooks', {
            method: 'POST',
            body: { team: team.value, url: url.value.trim(), ...(text ? { description: text } : {}) },
          });
          mount(
            notice,
            h(
              'div',
              { class: 'notice', role: 'status' },
              h(
                'p',
                null,
                'Abonnementet er oprettet. Giv modtageren signeringsnøglen nu – den vises kun denne ene gang:',
              ),
              h('p', null, h('code', { class: 'secret' }, made.secret)),
            ),
          );
          create.reset();
          await refresh();
        } catch (err) {
          mount(createStatus, h('div', { class: 'alert', role: 'alert' }, refusalText(err)));
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h2', null, 'Nyt abonnement'),
    h(
      'div',
      { class: 'fields-inline' },
      field('Team', team),
      field('Modtagerens adresse', url, 'https://…'),
      field('Beskrivelse', description, 'valgfri'),
    ),
    h(
      'p',
      { class: 'hint' },
      'Hændelser: hver gang en af teamets opgaver opstår, ændres (status, frist eller ansvarlig) eller bortfalder. ' +
        'Kaldet indeholder ingen borgeroplysninger og er signeret med abonnementets nøgle.',
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Opret abonnement')),
    createStatus,
  );

  mount(
    main,
    h('h1', null, 'Webhooks'),
    h(
      'p',
      { class: 'lead' },
      'Send teamets opgaveændringer videre til et andet system, fx kommunens fagsystem eller ledelsesinformation.',
    ),
    create,
    notice,
    list,
  );
  await refresh();
}
