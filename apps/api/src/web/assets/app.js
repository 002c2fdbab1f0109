// @ts-check
/** frist web UI: hash routes, a role-aware menu, and one render function per page. */
import { homeRoute, logout, session } from './api.js';
import { h, mount } from './dom.js';
import { ROLE } from './labels.js';
import { casePage } from './pages/case.js';
import { casesPage } from './pages/cases.js';
import { dashboardPage } from './pages/dashboard.js';
import { inboxPage } from './pages/inbox.js';
import { loginPage } from './pages/login.js';
import { opsPage } from './pages/ops.js';
import { previewPage } from './pages/preview.js';
import { ruleChangesPage } from './pages/rule-changes.js';
import { trialsPage } from './pages/trials.js';
import { webhooksPage } from './pages/webhooks.js';

/**
 * @typedef {import('./api.js').Session} Session
 * @typedef {{ main: HTMLElement, params: URLSearchParams, arg: string | undefined, session: Session | null }} PageContext
 * @typedef {{ title: string, roles: Session['role'][] | null, render: (ctx: PageContext) => Promise<void> | void }} Route
 */

/** @type {Record<string, Route & { menu?: string }>} */
const ROUTES = {
  login: { title: 'Log ind', roles: null, render: loginPage },
  indbakke: { title: 'Indbakke', menu: 'Indbakke', roles: ['caseworker', 'manager'], render: inboxPage },
  sager: { title: 'Sager', menu: 'Sager', roles: ['caseworker', 'manager'], render: casesPage },
  sag: { title: 'Sag', roles: ['caseworker', 'manager'], render: (ctx) => casePage(ctx) },
  overblik: { title: 'Overblik', menu: 'Overblik', roles: ['manager'], render: dashboardPage },
  forsoeg: { title: 'Forsøg', menu: 'Forsøg', roles: ['manager'], render: trialsPage },
  webhooks: { title: 'Webhooks', menu: 'Webhooks', roles: ['manager'], render: webhooksPage },
  'hvad-nu-hvis': {
    title: 'Hvad nu hvis?',
    menu: 'Hvad nu hvis?',
    roles: ['caseworker', 'manager', 'ops', 'jurist'],
    render: previewPage,
  },
  drift: { title: 'Drift', menu: 'Drift', roles: ['ops'], render: opsPage },
  regelaendringer: {
    title: 'Regelændringer',
    menu: 'Regelændringer',
    roles: ['jurist', 'manager', 'ops'],
    render: ruleChangesPage,
  },
};

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?');
  const [name = '', arg] = path.split('/');
  return { name, arg: arg ? decodeURIComponent(arg) : undefined, params: new URLSearchParams(query) };
}

/** @param {Session | null} current @param {string} active */
function renderChrome(current, active) {
  const nav = document.getElementById('nav');
  const box = document.getElementById('session');
  if (!nav || !box) return;
  const links = current ? Object.entries(ROUTES).filter(([, r]) => r.menu && r.roles?.includes(current.role)) : [];
  mount(
    nav,
    links.length
      ? h(
          'ul',
          null,
          links.map(([name, r]) =>
            h(
              'li',
              null,
              h('a', { href: `#/${name}`, 'aria-current': name === active ? 'page' : null }, r.menu ?? name),
            ),
          ),
        )
      : null,
  );
  mount(
    box,
    current
      ? [
          h(
            'span',
            null,
            `${current.sub} · ${ROLE[current.role] ?? current.role}`,
            current.teams.length ? ` · ${current.teams.join(', ')}` : '',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onClick: () => {
                logout();
                location.hash = '#/login';
              },
            },
            'Log ud',
          ),
        ]
      : null,
  );
}

let renderSeq = 0;
async function route() {
  const main = document.getElementById('indhold');
  if (!main) return;
  const current = session();
  const { name, arg, params } = parseHash();
  if (!current && name !== 'login') {
    location.replace('#/login');
    return;
  }
  const target = ROUTES[name];
  if (!target || (target.roles && current && !target.roles.includes(current.role))) {
    location.replace(`#/${current ? homeRoute(current.role) : 'login'}`);
    return;
  }
  const seq = ++renderSeq;
  renderChrome(current, name);
  document.title = `${target.title} – frist`;
  // Each route renders into a view of its own: a slower, older render that finishes later writes into its own
  // detached view instead of over the page the user went to.
  const view = h('div', { class: 'view' }, h('p', { class: 'muted' }, 'Henter …'));
  mount(main, view);
  main.setAttribute('aria-busy', 'true');
  try {
    await target.render({ main: view, params, arg, session: current });
  } finally {
    if (seq === renderSeq) main.removeAttribute('aria-busy');
  }
  // Move focus to the page heading (or what the page marked), so screen readers announce the new content.
  const heading = /** @type {HTMLElement | null} */ (
    view.querySelector('[data-autofocus]') ?? view.querySelector('h1')
  );
  if (heading && seq === renderSeq) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

document.getElementById('skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('indhold')?.focus();
});
window.addEventListener('hashchange', () => void route());
if (!location.hash || location.hash === '#/') {
  // The hashchange this causes renders the page.
  const current = session();
  location.replace(`#/${current ? homeRoute(current.role) : 'login'}`);
} else {
  void route();
}
