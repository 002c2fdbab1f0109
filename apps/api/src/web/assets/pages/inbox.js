// @ts-check
import { allCatalogs, api, problemText, withQuery } from '../api.js';
import { followTaskChanges } from '../change-feed.js';
import { announce, danishDatesIn, dateEl, daysBetween, h, mount, nextId, todayIso } from '../dom.js';
import { eventFields, newEventId } from '../event-fields.js';
import { actionForm, csvButton, dateField, dateValue, field, select } from '../forms.js';
import { CASE_TYPE, KIND, SHORT_CODE, STATUS, label, legalBasisText } from '../labels.js';

/**
 * An inbox row; why it is due (explanation, legal basis) is the task's own read, fetched when "Hvorfor" opens.
 * @typedef {{ taskId: string, code: string, occurrence: number, kind: string, status: string, title: string,
 *   startedOn: string, nominalDueOn: string, dueOn: string, remindOn: string | null, closedOn: string | null,
 *   ruleSet: string, caseId: string, team: string, assignee: string | null, version: number, citizenRef?: string,
 *   caseType?: string }} InboxTask
 */
/** A task as GET /api/v1/tasks/:id (and a case's obligations) answer it: the row and its reasons.
 * @typedef {InboxTask & { source: string, legalBasis: { text: string, tag: string } | null, explanation: string }} Task
 */

/** Tasks due within this many days are shown; later ones are folded away. */
const SOON_DAYS = 30;
/** @param {string} iso @param {number} days */
const addDays = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The caseworker's inbox: overdue and coming tasks of their teams, each with its reason and its actions. */
/** @param {import('../app.js').PageContext} ctx */
export async function inboxPage({ main, params, session }) {
  if (!session) return;
  const me = session.sub;
  const today = todayIso();
  const team = params.get('team') ?? '';
  const mine = params.get('mine') === '1';
  // The one-off review queue of occurrences backfilled by the 2026 law migration (never in the daily list).
  const review = params.get('review') === '1';
  const code = params.get('code') ?? '';
  // '' (all), 'none' (unassigned) or a user id; "mine" above stays the caseworker's one-click filter.
  const assignee = params.get('assignee') ?? '';
  const due = params.get('due') ?? '';
  const manager = session.role === 'manager';
  const notice = h('div', { id: 'inbox-notice' });
  const list = h('div', { id: 'inbox-list' });
  const cat = await allCatalogs();

  /** @param {Record<string, string>} change */
  const setParams = (change) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) v ? next.set(k, v) : next.delete(k);
    location.hash = `#/indbakke${next.toString() ? `?${next}` : ''}`;
  };

  /** @param {string} text @param {'notice' | 'alert'} kind */
  const say = (text, kind) => {
    mount(notice, h('div', { class: kind, role: kind === 'alert' ? 'alert' : 'status' }, text));
    if (kind === 'notice') announce(text);
  };

  /** @type {InboxTask[]} */
  let tasks = [];
  /** @type {string | null} */
  let cursor = null;

  /** What the filters select; the CSV export gets the same tasks, all of them in one file. */
  const filter = {
    status: 'open,overdue',
    team: team || undefined,
    assignee: mine ? 'me' : assignee || undefined,
    queue: review ? 'review' : undefined,
    code: code || undefined,
    // Overdue: due before today; "N days": due before today + N + 1.
    dueBefore: due === 'overdue' ? today : due ? addDays(today, Number(due) + 1) : undefined,
  };
  const load = async (more = false) => {
    const page = await api(withQuery('/api/v1/tasks', { ...filter, limit: 100, cursor: more ? cursor : undefined }));
    tasks = more ? [...tasks, ...page.items] : page.items;
    cursor = page.nextCursor;
    render();
  };

  /**
   * Runs a task action, then reloads (a completed task leaves the list; a stale ETag gets fresh data).
   * @param {() => Promise<unknown>} action @param {string} done
   */
  const act = async (action, done) => {
    try {
      await action();
      say(done, 'notice');
    } catch (err) {
      say(problemText(err), 'alert');
    }
    await load();
    notice.querySelector('div')?.setAttribute('tabindex', '-1');
    /** @type {HTMLElement | null} */ (notice.firstElementChild)?.focus();
  };

  /** @param {InboxTask} t */
  const card = (t) => {
    const overdueDays = daysBetween(t.dueOn, today);
    const overdue = t.status === 'overdue' || overdueDays > 0;
    const soon = !overdue && overdueDays >= -7;
    const headingId = nextId('task');
    const formBox = h('div');
    const obligation = cat.obligations.find((o) => o.code === t.code);
    const eventType = cat.eventTypes.find((e) => e.type === obligation?.metBy[0]);
    const ifMatch = { 'if-match': `"${t.version}"` };

    /** @param {'complete' | 'waive'} kind @param {HTMLButtonElement} opener */
    const openForm = (kind, opener) => {
      const wasOpen = opener.getAttribute('aria-expanded') === 'true';
      for (const b of /** @type {NodeListOf<HTMLButtonElement>} */ (
        opener.parentElement?.querySelectorAll('button[aria-expanded]') ?? []
      ))
        b.setAttribute('aria-expanded', 'false');
      if (wasOpen) {
        mount(formBox);
        return;
      }
      opener.setAttribute('aria-expanded', 'true');
      const eventId = newEventId();
      const dateId = nextId('date');
      const date = dateField({ value: today, max: today });
      date.id = dateId;
      /**
       * The form of one task action: both post the event id, the date and what `body` reads to the task's route.
       * @param {'complete' | 'waive'} action @param {string} label @param {string} done
       * @param {() => Record<string, unknown>} body @param {...any} children
       */
      const actionForm = (action, label, done, body, ...children) =>
        h(
          'form',
          {
            class: 'task-form',
            'aria-label': `${label}: ${t.title}`,
            onSubmit: (/** @type {SubmitEvent} */ e) => {
              e.preventDefault();
              void act(
                () =>
                  api(`/api/v1/tasks/${t.taskId}/${action}`, {
                    method: 'POST',
                    headers: ifMatch,
                    body: { eventId, date: dateValue(date), ...body() },
                  }),
                `${done}: ${t.title}`,
              );
            },
          },
          ...children,
        );
      if (kind === 'complete') {
        const fields = eventFields(eventType?.fields ?? {}, { obligations: cat.obligations });
        mount(
          formBox,
          actionForm(
            'complete',
            'Udfør',
            'Registreret',
            () => fields.read(),
            h('p', null, 'Registrér ', h('strong', null, eventType?.meaning ?? 'hændelsen'), '. Det opfylder opgaven.'),
            h(
              'div',
              { class: 'fields-inline' },
              h('div', { class: 'field' }, h('label', { for: dateId }, 'Dato'), date),
              fields.elements,
            ),
            h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Registrér som udført')),
          ),
        );
      } else {
        const reasonId = nextId('reason');
        const reason = h('textarea', { id: reasonId, name: 'reason', required: true, rows: '3' });
        mount(
          formBox,
          actionForm(
            'waive',
            'Dispensér',
            'Dispenseret',
            () => ({ reason: reason.value.trim() }),
            h('p', null, 'En dispensation lukker denne forekomst med en begrundelse, som gemmes i revisionssporet.'),
            h('div', { class: 'field' }, h('label', { for: reasonId }, 'Begrundelse'), reason),
            h('div', { class: 'field' }, h('label', { for: dateId }, 'Dato'), date),
            h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Dispensér')),
          ),
        );
      }
      /** @type {HTMLElement | null} */ (formBox.querySelector('input, select, textarea'))?.focus();
    };

    /** A button for a task action that takes no input (claim, unclaim): posts it and reports it. */
    const actionButton = (/** @type {string} */ label, /** @type {string} */ action, /** @type {string} */ done) =>
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onClick: () =>
            void act(
              () => api(`/api/v1/tasks/${t.taskId}/${action}`, { method: 'POST', headers: ifMatch }),
              `${done}: ${t.title}`,
            ),
        },
        label,
      );
    const claimButton =
      t.assignee === me
        ? actionButton('Frigiv', 'unclaim', 'Frigivet')
        : t.assignee === null
          ? actionButton('Tag opgaven', 'claim', 'Du har taget')
          : null;
    const completeButton = h(
      'button',
      {
        type: 'button',
        'aria-expanded': 'false',
        onClick: (/** @type {MouseEvent} */ e) =>
          openForm('complete', /** @type {HTMLButtonElement} */ (e.currentTarget)),
      },
      'Udfør …',
    );
    const waiveButton = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'aria-expanded': 'false',
        onClick: (/** @type {MouseEvent} */ e) => openForm('waive', /** @type {HTMLButtonElement} */ (e.currentTarget)),
      },
      'Dispensér …',
    );

    const when = overdue
      ? h('span', { class: 'badge overdue' }, `Overskredet ${overdueDays} ${overdueDays === 1 ? 'dag' : 'dage'}`)
      : overdueDays === 0
        ? h('span', { class: 'badge soon' }, 'Forfalder i dag')
        : h(
            'span',
            { class: soon ? 'badge soon' : 'badge open' },
            `Om ${-overdueDays} ${overdueDays === -1 ? 'dag' : 'dage'}`,
          );
    const shifted = t.nominalDueOn !== t.dueOn;
    const explanation = h('dd', { 'data-field': 'explanation' }, 'Henter …');
    const legalBasis = h('dd', { 'data-field': 'legal-basis' }, 'Henter …');
    let reasons = false;
    /** The first time "Hvorfor" opens (or is reopened by a reload), the task's reasons are fetched. */
    const onToggle = (/** @type {Event} */ e) => {
      if (reasons || !(/** @type {HTMLDetailsElement} */ (e.currentTarget).open)) return;
      reasons = true;
      api(`/api/v1/tasks/${t.taskId}`).then(
        (/** @type {Task} */ full) => {
          mount(explanation, danishDatesIn(full.explanation));
          mount(legalBasis, legalBasisText(full.legalBasis));
        },
        (/** @type {unknown} */ err) => {
          reasons = false;
          mount(explanation, problemText(err));
          mount(legalBasis);
        },
      );
    };
    return h(
      'li',
      {
        class: `task${overdue ? ' is-overdue' : soon ? ' is-soon' : ''}`,
        'aria-labelledby': headingId,
        'data-task': t.taskId,
      },
      h('div', { class: 'task-head' }, h('h3', { id: headingId }, t.title), when),
      h(
        'ul',
        { class: 'task-meta' },
        h('li', null, 'Frist: ', h('strong', null, dateEl(t.dueOn))),
        h(
          'li',
          null,
          'Sag: ',
          h('a', { href: `#/sag/${t.caseId}` }, t.citizenRef ?? 'åbn sagen'),
          t.caseType ? ` (${label(CASE_TYPE, t.caseType)})` : '',
        ),
        h('li', null, 'Team: ', t.team),
        h('li', null, 'Ansvarlig: ', t.assignee === me ? 'dig' : (t.assignee ?? 'ingen')),
      ),
      h(
        'details',
        { class: 'why', onToggle },
        h('summary', null, 'Hvorfor forfalder den?'),
        h(
          'dl',
          null,
          h('dt', null, 'Forklaring'),
          explanation,
          h('dt', null, 'Hjemmel'),
          legalBasis,
          h('dt', null, 'Art'),
          h('dd', { 'data-field': 'kind' }, label(KIND, t.kind)),
          h('dt', null, 'Startet'),
          h('dd', null, dateEl(t.startedOn)),
          h('dt', null, 'Nominel frist'),
          h('dd', null, dateEl(t.nominalDueOn), shifted ? ' – flyttet til en arbejdsdag' : ''),
          h('dt', null, 'Regelsæt'),
          h('dd', null, t.ruleSet),
          h('dt', null, 'Status'),
          h('dd', null, label(STATUS, t.status)),
        ),
      ),
      h('div', { class: 'actions' }, claimButton, completeButton, waiveButton),
      manager ? assignForm(t) : null,
      formBox,
    );
  };

  /** A manager hands a task to a caseworker (or takes it back to nobody). @param {InboxTask} t */
  const assignForm = (t) => {
    const who = h('input', {
      name: 'assignee',
      autocomplete: 'off',
      list: 'inbox-assignees',
      value: t.assignee ?? '',
      maxlength: '200',
    });
    return h(
      'details',
      { class: 'action' },
      h('summary', null, 'Tildel …'),
      actionForm(
        {
          label: `Tildel: ${t.title}`,
          submit: 'Tildel',
          intro: 'Skriv sagsbehandlerens bruger-id. Tomt felt: ingen ansvarlig.',
          action: async () => {
            const to = who.value.trim() || null;
            await act(
              () =>
                api(`/api/v1/tasks/${t.taskId}/assign`, {
                  method: 'POST',
                  headers: { 'if-match': `"${t.version}"` },
                  body: { assignee: to },
                }),
              to ? `Tildelt ${to}: ${t.title}` : `Ingen ansvarlig: ${t.title}`,
            );
          },
        },
        field('Sagsbehandler', who),
      ),
    );
  };

  const render = () => {
    const horizon = addDays(today, SOON_DAYS);
    const overdue = tasks.filter((t) => t.status === 'overdue' || t.dueOn < today);
    const coming = tasks.filter((t) => !overdue.includes(t) && t.dueOn <= horizon);
    const later = tasks.filter((t) => !overdue.includes(t) && t.dueOn > horizon);
    // A live reload must not move the reader: keep the focused control and the open explanations and lists.
    const active = document.activeElement;
    const focusedTask = list.contains(active) ? active?.closest('li.task')?.getAttribute('data-task') : null;
    const focusedText = active?.textContent ?? '';
    const openWhy = new Set(
      [...list.querySelectorAll('li.task details.why[open]')].map((d) =>
        d.closest('li.task')?.getAttribute('data-task'),
      ),
    );
    const laterOpen = list.querySelector('details.later')?.hasAttribute('open') ?? false;
    mount(
      list,
      h('h2', { id: 'overdue-heading' }, `Overskredne (${overdue.length})`),
      overdue.length
        ? h('ul', { class: 'tasks', 'aria-labelledby': 'overdue-heading' }, overdue.map(card))
        : h('p', { class: 'muted' }, 'Ingen overskredne opgaver.'),
      h('h2', { id: 'coming-heading' }, `De næste ${SOON_DAYS} dage (${coming.length})`),
      coming.length
        ? h('ul', { class: 'tasks', 'aria-labelledby': 'coming-heading' }, coming.map(card))
        : h('p', { class: 'muted' }, `Intet forfalder de næste ${SOON_DAYS} dage.`),
      later.length
        ? h(
            'details',
            { class: 'later' },
            h('summary', null, `Senere (${later.length})`),
            h('ul', { class: 'tasks', 'aria-label': 'Senere opgaver' }, later.map(card)),
          )
        : null,
      cursor ? h('button', { type: 'button', class: 'secondary', onClick: () => void load(true) }, 'Vis flere') : null,
      h(
        'datalist',
        { id: 'inbox-assignees' },
        [...new Set(tasks.map((t) => t.assignee).filter(Boolean))].map((a) => h('option', { value: a })),
      ),
    );
    if (laterOpen) list.querySelector('details.later')?.setAttribute('open', '');
    for (const li of list.querySelectorAll('li.task'))
      if (openWhy.has(li.getAttribute('data-task'))) li.querySelector('details.why')?.setAttribute('open', '');
    if (focusedTask) {
      const again = [
        ...list.querySelectorAll(
          `li.task[data-task="${focusedTask}"] button, li.task[data-task="${focusedTask}"] summary`,
        ),
      ].find((b) => b.textContent === focusedText);
      /** @type {HTMLElement | undefined} */ (again)?.focus();
    }
  };

  const teamSelect = h(
    'select',
    {
      id: 'inbox-team',
      onChange: (/** @type {Event} */ e) => setParams({ team: /** @type {HTMLSelectElement} */ (e.target).value }),
    },
    h('option', { value: '' }, 'Alle mine teams'),
    session.teams.map((t) => h('option', { value: t, selected: t === team }, t)),
  );
  const onFilter = (/** @type {string} */ key) => (/** @type {Event} */ e) =>
    setParams({ [key]: /** @type {HTMLSelectElement} */ (e.target).value });
  const codeSelect = select({
    label: 'Forpligtelse',
    required: false,
    empty: 'Alle',
    value: code,
    options: cat.obligations.map((o) => ({ value: o.code, text: label(SHORT_CODE, o.code) })),
  });
  codeSelect.addEventListener('change', onFilter('code'));
  const assigneeSelect = select({
    label: 'Ansvarlig',
    required: false,
    empty: 'Alle',
    value: assignee,
    options: [
      { value: 'none', text: 'Ingen ansvarlig' },
      ...(assignee && assignee !== 'none' ? [{ value: assignee, text: assignee }] : []),
    ],
  });
  assigneeSelect.addEventListener('change', onFilter('assignee'));
  const dueSelect = select({
    label: 'Frist',
    required: false,
    empty: 'Alle',
    value: due,
    options: [
      { value: 'overdue', text: 'Overskredne' },
      { value: '7', text: 'Inden for 7 dage' },
      { value: '30', text: 'Inden for 30 dage' },
    ],
  });
  dueSelect.addEventListener('change', onFilter('due'));
  const mineBox = h('input', {
    id: 'inbox-mine',
    type: 'checkbox',
    checked: mine,
    onChange: (/** @type {Event} */ e) =>
      setParams({ mine: /** @type {HTMLInputElement} */ (e.target).checked ? '1' : '' }),
  });
  const reviewBox = h('input', {
    id: 'inbox-review',
    type: 'checkbox',
    checked: review,
    onChange: (/** @type {Event} */ e) =>
      setParams({ review: /** @type {HTMLInputElement} */ (e.target).checked ? '1' : '' }),
  });
  mount(
    main,
    h('h1', null, review ? 'Gennemgang efter lovændring' : 'Indbakke'),
    h(
      'p',
      { class: 'lead' },
      'Dine teams’ åbne opgaver, ældste frist først. Åbn “Hvorfor forfalder den?” for regel, kilde og datoer.',
    ),
    h(
      'div',
      { class: 'fields-inline card' },
      h('div', { class: 'field' }, h('label', { for: 'inbox-team' }, 'Team'), teamSelect),
      field('Forpligtelse', codeSelect),
      field('Ansvarlig', assigneeSelect),
      field('Frist', dueSelect),
      h('div', { class: 'field' }, h('label', { for: 'inbox-mine', class: 'check' }, mineBox, 'Kun mine opgaver')),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'inbox-review', class: 'check' }, reviewBox, 'Gennemgang efter lovændring'),
      ),
    ),
    h('p', { class: 'hint', id: 'inbox-live' }, 'Listen opdateres af sig selv, når en kollega ændrer en opgave.'),
    csvButton('opgaverne i listen', withQuery('/api/v1/tasks', filter)),
    notice,
    list,
  );
  try {
    await load();
  } catch (err) {
    mount(list, h('div', { class: 'alert', role: 'alert' }, problemText(err)));
  }
  // Live: a colleague's claim, completion or a new task reloads the list (batched; not while a form is open,
  // so nobody loses what they were typing: the action's own reload catches up).
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pending;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      if (!main.isConnected) return;
      if ([...list.querySelectorAll('form')].some((f) => f.closest('details')?.open ?? true)) return;
      void load().catch(() => undefined);
    }, 150);
  };
  followTaskChanges({ onChange: refresh, onReset: refresh, alive: () => main.isConnected });
}
