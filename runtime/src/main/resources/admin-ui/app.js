// PluginKit admin UI: no framework, no CDN. Logs in with the admin token (an HttpOnly session cookie
// plus a CSRF token kept in this page's memory), then uses /admin/api with both.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  let csrf = null;
  let plugins = [];
  let events = null;
  let pendingUpdate = null;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  function say(text, kind) {
    const box = $('messages');
    const m = el('div', { class: 'message ' + (kind || 'info') }, text);
    box.replaceChildren(m);
    if (kind !== 'error') setTimeout(() => { if (m.parentNode) m.remove(); }, 6000);
  }

  async function api(method, path, body, headers) {
    const h = Object.assign({}, headers || {});
    if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
    let payload = body;
    if (body && !(body instanceof FormData) && !(body instanceof Blob)) {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const r = await fetch(path, { method, headers: h, body: payload, credentials: 'same-origin' });
    let data = null;
    const text = await r.text();
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: 'unexpected reply', detail: text.slice(0, 200) }; }
    if (r.status === 401 && path !== '/admin/login') { showLogin(); }
    if (!r.ok) {
      const err = new Error((data && data.error ? data.error : 'HTTP ' + r.status) + (data && data.detail ? ': ' + data.detail : ''));
      err.status = r.status;
      throw err;
    }
    return data;
  }

  function show(view) {
    for (const v of ['login-view', 'list-view', 'detail-view']) $(v).hidden = v !== view;
    $('logout').hidden = view === 'login-view';
  }

  function showLogin() {
    csrf = null;
    if (events) { events.close(); events = null; }
    $('live').hidden = true;
    show('login-view');
    $('token').focus();
  }

  async function start() {
    try {
      const s = await api('GET', '/admin/session');
      csrf = s.csrf || null;
      if (!csrf) { showLogin(); return; }
      connect();
      route();
    } catch (e) {
      showLogin();
    }
  }

  function connect() {
    if (events) return;
    events = new EventSource('/admin/api/events');
    events.onopen = () => { $('live').hidden = false; $('live').textContent = 'live'; };
    events.onerror = () => { $('live').textContent = 'reconnecting…'; };
    events.addEventListener('plugin', (m) => {
      const change = JSON.parse(m.data);
      const i = plugins.findIndex((p) => p.name === change.name);
      if (change.state === 'UNINSTALLED') {
        if (i >= 0) plugins.splice(i, 1);
      } else if (i >= 0) {
        Object.assign(plugins[i], { state: change.state, reason: change.reason, version: change.version, bundleId: change.bundleId });
      } else {
        plugins.push({ name: change.name, state: change.state, reason: change.reason, version: change.version, bundleId: change.bundleId });
        plugins.sort((a, b) => a.name.localeCompare(b.name));
      }
      if (!$('list-view').hidden) renderList();
      const current = currentDetail();
      if (current === change.name) {
        if (change.state === 'UNINSTALLED') { location.hash = '#/'; } else { loadDetail(current); }
      }
      if (change.previous && change.previous !== change.state) say(change.name + ': ' + change.previous + ' → ' + change.state);
    });
  }

  function currentDetail() {
    const m = location.hash.match(/^#\/plugins\/([a-z0-9._-]+)$/);
    return m ? m[1] : null;
  }

  function route() {
    if (!csrf) { showLogin(); return; }
    const name = currentDetail();
    if (name) { show('detail-view'); loadDetail(name); } else { show('list-view'); loadList(); }
  }

  // ------------------------------------------------------------------ list

  async function loadList() {
    try {
      plugins = await api('GET', '/admin/api/plugins');
      renderList();
    } catch (e) { say(e.message, 'error'); }
  }

  function stateBadge(state) {
    return el('span', { class: 'state state-' + state.toLowerCase() }, state);
  }

  function actionButtons(p) {
    const box = el('div', { class: 'buttons' });
    if (p.state === 'ENABLED') {
      box.append(el('button', { type: 'button', 'data-action': 'disable', 'aria-label': 'Disable ' + p.name, onclick: () => toggle(p.name, 'disable') }, 'Disable'));
    } else {
      box.append(el('button', { type: 'button', class: 'primary', 'data-action': 'enable', 'aria-label': 'Enable ' + p.name, onclick: () => toggle(p.name, 'enable') }, 'Enable'));
    }
    box.append(el('button', { type: 'button', 'data-action': 'update', 'aria-label': 'Update ' + p.name, onclick: () => chooseUpdate(p.name) }, 'Update'));
    box.append(el('button', { type: 'button', class: 'danger', 'data-action': 'uninstall', 'aria-label': 'Uninstall ' + p.name, onclick: () => uninstall(p.name) }, 'Uninstall'));
    return box;
  }

  function renderList() {
    const counts = {};
    for (const p of plugins) counts[p.state] = (counts[p.state] || 0) + 1;
    $('counts').textContent = ['ENABLED', 'DISABLED', 'FAILED', 'INSTALLED'].filter((s) => counts[s]).map((s) => counts[s] + ' ' + s.toLowerCase()).join(' · ');
    const body = $('plugins').tBodies[0];
    body.replaceChildren(...plugins.map((p) => el('tr', { 'data-plugin': p.name },
      el('td', { 'data-label': 'Name' }, el('a', { href: '#/plugins/' + encodeURIComponent(p.name) }, p.name)),
      el('td', { 'data-label': 'Version' }, p.version || ''),
      el('td', { 'data-label': 'State', class: 'state-cell' }, stateBadge(p.state)),
      el('td', { 'data-label': 'Author' }, p.author || ''),
      el('td', { 'data-label': 'Reason', class: 'reason' }, p.reason || ''),
      el('td', { 'data-label': 'Actions' }, actionButtons(p)))));
    if (plugins.length === 0) body.append(el('tr', {}, el('td', { colspan: 6 }, 'No plugins installed.')));
  }

  async function toggle(name, action) {
    try {
      const p = await api('POST', '/admin/api/plugins/' + encodeURIComponent(name) + '/' + action);
      say('plugin ' + p.name + ' ' + p.state);
      merge(p);
    } catch (e) { say(e.message, 'error'); }
  }

  function merge(p) {
    const i = plugins.findIndex((x) => x.name === p.name);
    if (i >= 0) plugins[i] = Object.assign(plugins[i], p); else plugins.push(p);
    if (!$('list-view').hidden) renderList();
    if (currentDetail() === p.name) loadDetail(p.name);
  }

  function confirmAction(text, ok) {
    const d = $('confirm');
    $('confirm-text').textContent = text;
    $('confirm-ok').textContent = ok;
    return new Promise((resolve) => {
      d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true });
      d.returnValue = '';
      d.showModal();
    });
  }

  async function uninstall(name) {
    if (!await confirmAction('Uninstall plugin "' + name + '"? Its jar is removed and its decision forgotten.', 'Uninstall')) return;
    try {
      await api('DELETE', '/admin/api/plugins/' + encodeURIComponent(name));
      say('plugin ' + name + ' uninstalled');
      plugins = plugins.filter((p) => p.name !== name);
      if (currentDetail() === name) location.hash = '#/'; else renderList();
    } catch (e) { say(e.message, 'error'); }
  }

  function chooseUpdate(name) {
    pendingUpdate = name;
    $('update-file').value = '';
    $('update-file').click();
  }

  $('update-file').addEventListener('change', async () => {
    const f = $('update-file').files[0];
    const name = pendingUpdate;
    if (!f || !name) return;
    if (!await confirmAction('Update plugin "' + name + '" with ' + f.name + '? It keeps its state.', 'Update')) return;
    const form = new FormData();
    form.append('file', f, f.name);
    try {
      const p = await api('PUT', '/admin/api/plugins/' + encodeURIComponent(name), form);
      say('plugin ' + p.name + ' updated to ' + p.version);
      merge(p);
    } catch (e) { say(e.message, 'error'); }
  });

  $('upload-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = $('upload-file').files[0];
    if (!f) return;
    const form = new FormData();
    form.append('file', f, f.name);
    try {
      const p = await api('POST', '/admin/api/plugins', form);
      say(p.name ? 'plugin ' + p.name + ' ' + p.version + ' installed: ' + p.state : p.detail);
      $('upload-form').reset();
      if (p.name) merge(p);
    } catch (e) { say(e.message, 'error'); }
  });

  $('install-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const source = $('install-source').value.trim();
    const body = /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? { url: source } : { mvn: source };
    try {
      const p = await api('POST', '/admin/api/plugins/install', body);
      say(p.name ? 'plugin ' + p.name + ' ' + p.version + ' installed: ' + p.state : 'installed as a library');
      $('install-form').reset();
      if (p.name) merge(p);
    } catch (e) { say(e.message, 'error'); }
  });

  // ------------------------------------------------------------------ detail

  function lines(id, values, none) {
    const list = $(id);
    list.replaceChildren(...(values && values.length ? values.map((v) => el('li', {}, v)) : [el('li', { class: 'muted' }, none)]));
  }

  async function loadDetail(name) {
    let p;
    try {
      p = await api('GET', '/admin/api/plugins/' + encodeURIComponent(name));
    } catch (e) {
      say(e.message, 'error');
      if (e.status === 404) location.hash = '#/';
      return;
    }
    document.title = p.name + ' · PluginKit admin';
    $('detail-name').textContent = p.name;
    $('detail-state').replaceChildren(stateBadge(p.state));
    $('detail-actions').replaceChildren(actionButtons(p));
    $('detail-description').textContent = p.description || '';
    const meta = $('detail-meta');
    meta.replaceChildren();
    const rows = [['Version', p.version], ['Author', p.author], ['License', p.license], ['Home page', p.url],
      ['Bundle', p.bundleId + ' ' + (p.symbolicName || '')], ['Since', p.since], ['Default state', p.enabledByDefault ? 'enabled' : 'disabled'],
      ['Requires', p.requires], ['Location', p.location]];
    for (const [k, v] of rows) {
      if (v === null || v === undefined || v === '') continue;
      let value = v;
      if (k === 'Home page' && /^https?:\/\//.test(v)) value = el('a', { href: v, rel: 'noopener noreferrer' }, v);
      meta.append(el('dt', {}, k), el('dd', {}, value));
    }
    lines('detail-errors', p.errors, 'none');
    lines('detail-contributions', p.contributions, p.running ? 'none' : 'none (the plugin is not running)');
    lines('detail-components', p.components, p.running ? 'none' : 'none (the plugin is not running)');
    lines('detail-metrics', p.metrics, 'none yet');
    // readmeHtml is rendered by the runtime with raw HTML escaped and URLs sanitized
    if (p.readmeHtml) $('detail-readme').innerHTML = p.readmeHtml; else $('detail-readme').textContent = 'This plugin has no readme.';
    $('detail-license').textContent = p.licenseText || (p.license ? p.license + ' (no license file in the plugin)' : 'No license given.');
    loadConfig(p.name);
  }

  function configRow(key, value) {
    const id = 'cfg-' + Math.random().toString(36).slice(2);
    return el('div', { class: 'config-row' },
      el('label', { for: id + 'k', class: 'visually-hidden' }, 'Setting name'),
      el('input', { id: id + 'k', class: 'config-key', value: key, placeholder: 'name', spellcheck: 'false' }),
      el('label', { for: id + 'v', class: 'visually-hidden' }, 'Value of ' + (key || 'the new setting')),
      el('input', { id: id + 'v', class: 'config-value', value: value, placeholder: 'value', spellcheck: 'false' }),
      el('button', { type: 'button', 'aria-label': 'Remove ' + (key || 'this setting'), onclick: (e) => e.target.closest('.config-row').remove() }, 'Remove'));
  }

  async function loadConfig(name) {
    try {
      const c = await api('GET', '/admin/api/plugins/' + encodeURIComponent(name) + '/config');
      $('config-pid').textContent = c.pid;
      const rows = Object.entries(c.properties).map(([k, v]) => configRow(k, Array.isArray(v) ? v.join(',') : String(v)));
      $('config-rows').replaceChildren(...rows);
      if (rows.length === 0) $('config-rows').append(el('p', { class: 'muted' }, 'No configuration: the plugin uses its defaults.'));
    } catch (e) { say(e.message, 'error'); }
  }

  $('config-add').addEventListener('click', () => {
    const rows = $('config-rows');
    rows.querySelectorAll('p.muted').forEach((p) => p.remove());
    const row = configRow('', '');
    rows.append(row);
    row.querySelector('input').focus();
  });

  $('config-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = currentDetail();
    const properties = {};
    for (const row of $('config-rows').querySelectorAll('.config-row')) {
      const k = row.querySelector('.config-key').value.trim();
      if (k) properties[k] = row.querySelector('.config-value').value;
    }
    try {
      await api('PUT', '/admin/api/plugins/' + encodeURIComponent(name) + '/config', { properties });
      say('configuration of ' + name + ' saved');
      loadConfig(name);
    } catch (e) { say(e.message, 'error'); }
  });

  // ------------------------------------------------------------------ login

  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('login-error').textContent = '';
    try {
      const s = await api('POST', '/admin/login', { token: $('token').value.trim() });
      csrf = s.csrf;
      $('token').value = '';
      connect();
      route();
      $('main').focus();
    } catch (e) {
      $('login-error').textContent = e.message;
    }
  });

  $('logout').addEventListener('click', async () => {
    try { await api('POST', '/admin/logout'); } catch (e) { /* logged out anyway */ }
    showLogin();
  });

  window.addEventListener('hashchange', route);
  start();
})();
