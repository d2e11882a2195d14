/* global document, window, sessionStorage, atob, URLSearchParams */
// Clearway supervisor console: a plain ES module, no build step. The page holds no data; every call
// carries the bearer token the supervisor pasted (kept in sessionStorage, gone with the tab).
// Everything from the API is rendered with textContent, never as HTML.

import { deadLettersView } from './dead-letters.js';

const TOKEN_KEY = 'clearway.token';
const POLL_MS = 2500;
const SIGNALS = [
  ['release', 'Release'],
  ['escalate', 'Escalate'],
  ['reassign', 'Reassign'],
  ['extend-deadline', 'Extend deadline'],
  ['cancel', 'Cancel'],
  ['retry', 'Retry failed step'],
];

const main = document.getElementById('main');
let pollTimer;
let renderId = 0; // a newer route makes older in-flight renders stop

// ---------------------------------------------------------------------------------------------
// Small helpers

/** h('tag.class', { attr }, ...children): builds an element; strings become text nodes. */
function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('aria-') && typeof v === 'boolean') {
      el.setAttribute(k, String(v));
      continue;
    }
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== undefined && c !== null && c !== false) el.append(c instanceof window.Node ? c : String(c));
  return el;
}

const token = () => sessionStorage.getItem(TOKEN_KEY);

/** Claims of the token, decoded for display only (the API verifies it). */
function claims(t) {
  try {
    const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
  } catch {
    return undefined;
  }
}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

/** Calls the API with the token; JSON in and out; a non-2xx answer throws ApiError with its body. */
async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = { error: 'bad_response', message: text.slice(0, 200) };
  }
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    route();
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** An API answer (2xx or error) as a box: status, error code, message, and each field issue. */
function answerBox(status, body, okText) {
  const ok = status >= 200 && status < 300;
  const issues = Array.isArray(body?.issues) ? body.issues : [];
  return h(
    `div.answer.${ok ? 'ok' : 'error'}`,
    { role: ok ? 'status' : 'alert', 'data-status': status },
    h('strong', {}, ok ? `${status} · ${okText}` : `${status} ${body?.error ?? 'error'}: `),
    ok ? '' : (body?.message ?? ''),
    issues.length
      ? h(
          'ul',
          {},
          issues.map((i) =>
            h('li', {}, `${i.path || '(body)'}: ${i.message}${i.code ? ` (${i.code})` : ''}`),
          ),
        )
      : '',
  );
}

function duration(seconds) {
  if (seconds === undefined || seconds === null) return '';
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const hr = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${hr}h`;
  if (hr) return `${hr}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

const since = (iso) => (iso ? duration((Date.now() - Date.parse(iso)) / 1000) : '');
const time = (iso) => (iso ? new Date(iso).toLocaleString() : '');
const chip = (channel) => (channel ? h(`span.chip.${channel}`, {}, channel) : '');

function schedule(fn) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(fn, POLL_MS);
}

// ---------------------------------------------------------------------------------------------
// Views

function signInView(message) {
  const input = h('textarea', {
    id: 'token',
    rows: 6,
    placeholder: 'eyJhbGciOi...',
    'aria-label': 'Bearer token',
    autocomplete: 'off',
  });
  const form = h(
    'form.card.signin',
    {
      id: 'sign-in',
      onsubmit: (e) => {
        e.preventDefault();
        const t = input.value.trim().replace(/^Bearer\s+/i, '');
        if (!claims(t)) {
          form.querySelector('.answer')?.remove();
          form.append(
            answerBox(400, {
              error: 'bad_token',
              message: 'that does not look like a bearer token (three dot-separated parts)',
            }),
          );
          return;
        }
        sessionStorage.setItem(TOKEN_KEY, t);
        window.location.hash = '#/';
        route();
      },
    },
    h('h1', {}, 'Sign in'),
    h(
      'p.muted',
      {},
      'Paste a supervisor bearer token (for the dev stack: ',
      h('code', {}, 'bin/clearway token --role supervisor --country KZ'),
      '). It stays in this tab only.',
    ),
    input,
    h('p', {}, h('button', { type: 'submit', id: 'sign-in-button' }, 'Sign in')),
    message ? answerBox(401, { error: 'unauthorized', message }) : '',
  );
  main.replaceChildren(form);
  input.focus();
}

const listState = { mode: 'stuck', office: '' };

async function listView(id) {
  const officeInput = h('input', {
    id: 'office-filter',
    value: listState.office,
    placeholder: 'e.g. KZALA001',
    'aria-label': 'Office',
  });
  const modeButton = (mode, label) =>
    h(
      'button',
      {
        type: 'button',
        'data-mode': mode,
        'aria-pressed': listState.mode === mode,
        onclick: () => {
          listState.mode = mode;
          route();
        },
      },
      label,
    );
  const body = h('div', { id: 'cases' }, h('p.muted', {}, 'Loading…'));
  const live = h('span.live', { id: 'live' });
  main.replaceChildren(
    h('h1', {}, listState.mode === 'stuck' ? 'Stuck cases' : 'Running cases', live),
    h(
      'form.toolbar',
      {
        onsubmit: (e) => {
          e.preventDefault();
          listState.office = officeInput.value.trim().toUpperCase();
          route();
        },
      },
      modeButton('stuck', 'Stuck'),
      modeButton('running', 'All running'),
      h('label', {}, 'Office ', officeInput),
      h('button', { type: 'submit' }, 'Filter'),
      h('a', { href: '#/dead-letters', id: 'dead-letters-link' }, 'Dead letters'),
    ),
    body,
  );

  const load = async () => {
    if (id !== renderId) return;
    const q = new URLSearchParams({ running: 'true', pageSize: '200' });
    if (listState.mode === 'stuck') q.set('stuck', 'true');
    if (listState.office) q.set('office', listState.office);
    try {
      const res = await api('GET', `/v1/cases?${q}`);
      if (id !== renderId) return;
      const cases = [...(res.cases ?? [])].sort((a, b) => (b.ageSeconds ?? 0) - (a.ageSeconds ?? 0));
      body.replaceChildren(
        cases.length
          ? h(
              'table',
              { id: 'case-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Case', 'Kind', 'State', 'Channel', 'Office', 'Age', 'Stuck since'].map((c) =>
                    h('th', {}, c),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                cases.map((c) =>
                  h(
                    'tr',
                    { 'data-case': c.caseId },
                    h('td.mono', {}, h('a', { href: `#/case/${c.caseId}` }, c.caseId)),
                    h('td', {}, c.kind ?? ''),
                    h('td', {}, c.state ?? ''),
                    h('td', {}, chip(c.channel)),
                    h('td', {}, c.office ?? ''),
                    h('td', {}, duration(c.ageSeconds)),
                    h(
                      'td',
                      {},
                      c.stuckSince
                        ? h('span.chip.stuck', { title: c.stuckSince }, `${since(c.stuckSince)} ago`)
                        : '',
                    ),
                  ),
                ),
              ),
            )
          : h(
              'p.muted',
              { id: 'no-cases' },
              listState.mode === 'stuck'
                ? 'No stuck cases in your scope.'
                : 'No running cases in your scope.',
            ),
      );
      live.textContent = `updated ${new Date().toLocaleTimeString()} · ${cases.length} case${cases.length === 1 ? '' : 's'}`;
    } catch (err) {
      if (id !== renderId) return;
      body.replaceChildren(
        answerBox(err.status ?? 0, err.body ?? { error: 'network', message: String(err.message ?? err) }),
      );
    }
    if (id === renderId) schedule(load);
  };
  await load();
}

async function caseView(id, caseId) {
  const head = h('div.card', { id: 'case-head' }, h('p.muted', {}, 'Loading…'));
  const timeline = h('div', { id: 'timeline' });
  const answer = h('div', { id: 'signal-answer', 'aria-live': 'polite' });
  const live = h('span.live', { id: 'live' });
  const buttons = h(
    'div.signals',
    { id: 'signals' },
    SIGNALS.map(([signal, label]) =>
      h(
        'button',
        {
          type: 'button',
          'data-signal': signal,
          onclick: () => askSignal(caseId, signal, label, answer, refresh),
        },
        label,
      ),
    ),
  );
  main.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← cases')),
    h('h1', {}, 'Case ', h('span.mono', {}, caseId), live),
    head,
    h('div.card', {}, h('h2', {}, 'Supervisor actions'), buttons, answer),
    h('h2', {}, 'Timeline'),
    timeline,
  );

  async function refresh() {
    if (id !== renderId) return;
    try {
      const v = await api('GET', `/v1/cases/${caseId}`);
      if (id !== renderId) return;
      const pending = v.pending
        ? `${v.pending.action} by ${v.pending.by}${v.pending.deadline ? `, due ${time(v.pending.deadline)}` : ''}`
        : '—';
      head.replaceChildren(
        h(
          'dl.facts',
          {},
          h('dt', {}, 'State'),
          h('dd', { id: 'case-state' }, v.state ?? ''),
          h('dt', {}, 'Channel'),
          h(
            'dd',
            {},
            chip(v.channel),
            v.channelReasons?.length ? h('span.muted', {}, ` ${v.channelReasons.join('; ')}`) : '',
          ),
          h('dt', {}, 'Office'),
          h('dd', {}, [v.office, v.country].filter(Boolean).join(' · ')),
          h('dt', {}, 'Pending'),
          h('dd', { id: 'case-pending' }, pending),
          h('dt', {}, 'Stuck'),
          h('dd', {}, v.stuck ? h('span.chip.stuck', {}, `since ${time(v.stuckSince)}`) : 'no'),
          v.escalations ? [h('dt', {}, 'Escalations'), h('dd', {}, String(v.escalations))] : '',
          v.assignee ? [h('dt', {}, 'Assignee'), h('dd', {}, v.assignee)] : '',
        ),
      );
      const events = Array.isArray(v.timeline) ? v.timeline : [];
      timeline.replaceChildren(
        h(
          'table',
          { id: 'timeline-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['#', 'At', 'Event', 'State', 'Actor', 'Reason'].map((c) => h('th', {}, c)),
            ),
          ),
          h(
            'tbody',
            {},
            events.map((e) =>
              h(
                'tr',
                { 'data-seq': e.seq },
                h('td', {}, String(e.seq)),
                h('td', {}, time(e.at)),
                h('td', {}, e.type),
                h('td', {}, e.state ?? ''),
                h('td', {}, e.actor),
                h('td', {}, e.reason ?? ''),
              ),
            ),
          ),
        ),
      );
      live.textContent = `updated ${new Date().toLocaleTimeString()} · ${events.length} events`;
    } catch (err) {
      if (id !== renderId) return;
      head.replaceChildren(
        answerBox(err.status ?? 0, err.body ?? { error: 'network', message: String(err.message ?? err) }),
      );
    }
    if (id === renderId) schedule(refresh);
  }
  await refresh();
}

/** Asks for the mandatory reason (and assignee / duration where the signal needs one), then sends it. */
function askSignal(caseId, signal, label, answer, refresh) {
  const dialog = document.getElementById('signal-dialog');
  const form = document.getElementById('signal-form');
  const reason = document.getElementById('signal-reason');
  const assignee = document.getElementById('signal-assignee');
  const extend = document.getElementById('signal-extend');
  document.getElementById('signal-title').textContent = `${label}: ${caseId}`;
  document.getElementById('signal-assignee-row').hidden = signal !== 'reassign';
  document.getElementById('signal-extend-row').hidden = signal !== 'extend-deadline';
  assignee.required = signal === 'reassign';
  extend.required = signal === 'extend-deadline';
  reason.value = '';
  assignee.value = '';
  extend.value = '';
  document.getElementById('signal-cancel').onclick = () => dialog.close();
  form.onsubmit = async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    dialog.close();
    const body = { reason: reason.value.trim() };
    if (signal === 'reassign') body.assignee = assignee.value.trim();
    if (signal === 'extend-deadline') body.extendBy = extend.value.trim();
    answer.replaceChildren(h('p.muted', {}, `Sending ${label.toLowerCase()}…`));
    try {
      await api('POST', `/v1/cases/${caseId}/signals/${signal}`, body);
      answer.replaceChildren(answerBox(200, {}, `${label} accepted`));
    } catch (err) {
      answer.replaceChildren(
        answerBox(err.status ?? 0, err.body ?? { error: 'network', message: String(err.message ?? err) }),
      );
    }
    await refresh();
  };
  dialog.showModal();
  reason.focus();
}

// ---------------------------------------------------------------------------------------------
// Routing: #/ (list), #/case/<kind>/<id>

function route() {
  clearTimeout(pollTimer);
  const id = ++renderId;
  const t = token();
  const who = document.getElementById('who');
  const signOut = document.getElementById('sign-out');
  const codec = document.getElementById('codec-session');
  if (!t) {
    who.textContent = '';
    signOut.hidden = true;
    codec.hidden = true;
    signInView();
    return;
  }
  const c = claims(t) ?? {};
  who.textContent = `${c.sub ?? '?'} · ${c.role ?? '?'} · ${(c.countries ?? []).join(', ')}${c.offices?.length ? ` · ${c.offices.join(', ')}` : ''}`;
  signOut.hidden = false;
  codec.hidden = c.role !== 'administrator';
  const m = /^#\/case\/([a-z]+\/[A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (window.location.hash === '#/dead-letters')
    deadLettersView({ main, h, api, answerBox, time, current: () => id === renderId });
  else if (m) caseView(id, m[1]);
  else listView(id);
}

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  window.location.hash = '#/';
  route();
});
// A codec session: this token as an HttpOnly cookie the Temporal UI sends to /codec (the UI cannot
// carry a bearer token). The API decodes only payloads of cases in the token's scope.
document.getElementById('codec-session').addEventListener('click', async (ev) => {
  const res = await fetch('/codec/session', {
    method: 'POST',
    headers: { authorization: `Bearer ${token()}` },
  });
  ev.target.textContent =
    res.status === 204 ? 'Temporal UI decodes for you' : `Codec session refused (${res.status})`;
});
window.addEventListener('hashchange', route);
route();
