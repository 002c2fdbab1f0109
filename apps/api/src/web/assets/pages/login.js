// @ts-check
import { api, ApiError, homeRoute, problemText, saveToken, session } from '../api.js';
import { h, mount } from '../dom.js';
import { ROLE } from '../labels.js';

/** Log in by pasting a bearer token, or (development only) by minting one for a role and team. */
/** @param {import('../app.js').PageContext} ctx */
export async function loginPage({ main, params }) {
  const message = h('div', { 'aria-live': 'assertive' });
  if (params.get('udloebet'))
    mount(message, h('div', { class: 'alert', role: 'alert' }, 'Din adgang er udløbet. Log ind igen.'));

  /** Verifies a token against the API before keeping it. @param {string} token */
  const login = async (token) => {
    try {
      await api('/api/v1/preview/catalog', { token });
    } catch (err) {
      const text =
        err instanceof ApiError && err.problem.status === 401
          ? 'Tokenet blev ikke godkendt. Tjek at det er helt og ikke udløbet.'
          : problemText(err);
      mount(message, h('div', { class: 'alert', role: 'alert' }, text));
      return;
    }
    saveToken(token);
    const current = session();
    location.hash = `#/${current ? homeRoute(current.role) : 'login'}`;
  };

  const tokenInput = h('textarea', {
    id: 'token',
    name: 'token',
    required: true,
    rows: '4',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'token-hint',
  });
  const pasteForm = h(
    'form',
    {
      class: 'card',
      onSubmit: (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        void login(tokenInput.value.trim());
      },
    },
    h('h2', null, 'Med adgangstoken'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'token' }, 'Adgangstoken'),
      h(
        'p',
        { id: 'token-hint', class: 'hint' },
        'Indsæt det token (JWT), du har fået fra jeres login-tjeneste eller med ',
        h('code', null, 'npm run frist -- token'),
        '.',
      ),
      tokenInput,
    ),
    h('button', { type: 'submit' }, 'Log ind'),
  );

  /** @type {HTMLElement | null} */
  let devForm = null;
  const dev = await api('/web/dev-token', { token: '' }).catch(() => null);
  if (dev?.available) {
    const role = h(
      'select',
      { id: 'dev-role', name: 'role' },
      ['caseworker', 'manager', 'ops', 'jurist'].map((r) => h('option', { value: r }, ROLE[r] ?? r)),
    );
    const teams = h('input', {
      id: 'dev-teams',
      name: 'teams',
      type: 'text',
      value: 'fleks-nord',
      autocomplete: 'off',
      'aria-describedby': 'dev-teams-hint',
    });
    const sub = h('input', { id: 'dev-sub', name: 'sub', type: 'text', value: 'sagsbehandler-1', autocomplete: 'off' });
    devForm = h(
      'form',
      {
        class: 'card',
        onSubmit: async (/** @type {SubmitEvent} */ e) => {
          e.preventDefault();
          try {
            const { token } = await api('/web/dev-token', {
              method: 'POST',
              token: '',
              body: {
                role: role.value,
                teams: teams.value
                  .split(',')
                  .map((t) => t.trim())
                  .filter(Boolean),
                sub: sub.value.trim() || 'udvikler',
              },
            });
            await login(token);
          } catch (err) {
            mount(message, h('div', { class: 'alert', role: 'alert' }, problemText(err)));
          }
        },
      },
      h('h2', null, 'Udviklerlogin'),
      h('p', { class: 'hint' }, 'Kun i udviklings- og testmiljøer: opret et token til en rolle og et team.'),
      h(
        'div',
        { class: 'fields-inline' },
        h('div', { class: 'field' }, h('label', { for: 'dev-role' }, 'Rolle'), role),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'dev-teams' }, 'Teams'),
          teams,
          h('span', { id: 'dev-teams-hint', class: 'hint visually-hidden' }, 'Adskil flere teams med komma'),
        ),
        h('div', { class: 'field' }, h('label', { for: 'dev-sub' }, 'Bruger-id'), sub),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Opret token og log ind')),
    );
  }

  mount(
    main,
    h('h1', null, 'Log ind'),
    h(
      'p',
      { class: 'lead' },
      'frist holder styr på fristerne i fleksjobsager og viser, hvad der skal gøres hvornår – og hvorfor.',
    ),
    message,
    h('div', { class: 'grid' }, pasteForm, devForm),
  );
}
