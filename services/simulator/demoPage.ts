/**
 * The /demo/inbox page: static HTML plus one script of its own (no inline script, strict CSP). Every
 * received text is put on the page with textContent, never as HTML: customer-facing mail is shown as the
 * plain-text part the hub sent, so nothing in it can run here.
 */
export const inboxPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo inbox — Switchboard demo</title>
<style>
:root{color-scheme:light;--ink:#1d2330;--muted:#5b6475;--line:#dde1e8;--bg:#f4f5f7;--card:#fff;--accent:#2457c5}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:var(--bg);color:var(--ink)}
header{background:var(--card);border-bottom:1px solid var(--line)}
.wrap{max-width:860px;margin:0 auto;padding:16px 24px}
h1{font-size:22px;margin:0 0 4px}
p{margin:6px 0}
.muted{color:var(--muted)}
a{color:var(--accent)}
.how{background:#eef3fd;border:1px solid #cfdcf7;border-radius:8px;padding:10px 14px;margin-top:12px}
.how ol{margin:6px 0 0;padding-left:20px}
.examples code{background:#fff;border:1px solid var(--line);border-radius:4px;padding:1px 5px;margin-right:6px;white-space:nowrap}
.bar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:16px 0 8px}
.bar button{font:inherit;border:1px solid var(--line);background:var(--card);border-radius:16px;padding:4px 12px;cursor:pointer}
.bar button[aria-pressed=true]{background:var(--ink);color:#fff;border-color:var(--ink)}
.bar .status{margin-left:auto;font-size:13px}
ul{list-style:none;margin:0;padding:0}
li.item{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:0 0 10px}
li.item.fresh{border-color:var(--accent);box-shadow:0 0 0 2px #cfdcf7}
.head{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.kind{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;border-radius:4px;padding:1px 6px;background:#e6e9ef}
.kind.email{background:#e3ecfc;color:#1d47a3}
.kind.sms{background:#e2f4e8;color:#17663a}
.who{overflow-wrap:anywhere;min-width:0}
.from{font-size:13px;margin-top:2px;overflow-wrap:anywhere}
.time{margin-left:auto;font-size:13px;white-space:nowrap}
.subject{font-weight:600;margin-top:4px;overflow-wrap:anywhere}
.code{display:inline-block;font:600 24px/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.12em;background:#fff7d6;border:1px solid #ecd98a;border-radius:6px;padding:4px 10px;margin-top:8px}
pre.body{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;background:#fafbfc;border:1px solid #eef0f3;border-radius:6px;padding:8px 10px;margin:8px 0 0;max-height:260px;overflow:auto}
.empty{text-align:center;padding:40px 0}
</style>
</head>
<body>
<header><div class="wrap">
<h1>Demo inbox</h1>
<p class="muted">What the simulated customers received from this demo hub: agents' emails (caught by the demo's own SMTP server), text messages (sent through the Twilio stand-in) and one-time codes. Nothing here leaves this computer.</p>
<div class="how">
<strong>Try “My history” as a customer</strong>
<ol>
<li>Open the <a href="/chat?queue=sales" target="_blank" rel="noopener">chat widget page</a> and press <em>My history</em>.</li>
<li>Enter one of these customers' email addresses or phone numbers: <span class="examples" id="examples">…</span></li>
<li>The code arrives here within a second or two; type it into the widget.</li>
</ol>
</div>
<p class="muted" style="margin-top:10px">Agents sign in at <a href="/" target="_blank" rel="noopener">the desk</a>. This page updates by itself.</p>
</div></header>
<main class="wrap">
<div class="bar" role="toolbar" aria-label="Show">
<button type="button" data-filter="all" aria-pressed="true">All</button>
<button type="button" data-filter="email" aria-pressed="false">Email</button>
<button type="button" data-filter="sms" aria-pressed="false">Text messages</button>
<button type="button" data-filter="code" aria-pressed="false">Codes</button>
<span class="status muted" id="status" aria-live="polite">Loading…</span>
</div>
<ul id="items" aria-live="polite"></ul>
<p class="empty muted" id="empty" hidden>Nothing received yet. Reply to an email from the desk, or ask for a code in the widget.</p>
</main>
<script src="/demo/inbox.js"></script>
</body>
</html>
`;

export const inboxPageScript = `'use strict';
(function () {
  var list = document.getElementById('items');
  var empty = document.getElementById('empty');
  var status = document.getElementById('status');
  var examples = document.getElementById('examples');
  var items = [];
  var lastId = 0;
  var filter = 'all';
  var first = true;
  var shownCount = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function time(at) {
    return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function shown(item) {
    if (filter === 'all') return true;
    if (filter === 'code') return item.code !== null;
    return item.kind === filter;
  }
  function card(item, fresh) {
    var li = el('li', 'item' + (fresh ? ' fresh' : ''));
    li.setAttribute('data-kind', item.kind);
    li.setAttribute('data-id', String(item.id));
    var head = el('div', 'head');
    head.append(el('span', 'kind ' + item.kind, item.kind === 'email' ? 'Email' : 'SMS'));
    head.append(el('span', 'who', 'To ' + item.to));
    head.append(el('span', 'time muted', time(item.at)));
    li.append(head);
    li.append(el('div', 'from muted', 'From ' + item.from));
    if (item.subject) li.append(el('div', 'subject', item.subject));
    if (item.code) {
      var code = el('div', 'code', item.code);
      code.setAttribute('data-part', 'code');
      code.title = 'One-time code';
      li.append(code);
    }
    var body = el('pre', 'body', item.text);
    li.append(body);
    return li;
  }
  function render(freshIds) {
    list.replaceChildren();
    var visible = items.filter(shown);
    visible.forEach(function (item) { list.append(card(item, freshIds.has(item.id))); });
    shownCount = visible.length;
    empty.hidden = visible.length > 0;
    if (!empty.hidden) empty.textContent = items.length === 0
      ? 'Nothing received yet. Reply to an email from the desk, or ask for a code in the widget.'
      : 'Nothing of this kind yet.';
  }
  function showExamples(people) {
    examples.replaceChildren();
    people.forEach(function (value) { examples.append(el('code', null, value)); });
    if (people.length === 0) examples.textContent = 'any address a simulated customer wrote from.';
  }
  async function poll() {
    try {
      var res = await fetch('/demo/inbox.json?after=' + lastId, { cache: 'no-store' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      var data = await res.json();
      if (first) showExamples(data.examples || []);
      var fresh = new Set();
      if (data.items.length > 0) {
        data.items.forEach(function (i) { if (!first) fresh.add(i.id); });
        items = data.items.concat(items).slice(0, 500);
        lastId = items[0].id;
      }
      if (first || data.items.length > 0) render(fresh);
      first = false;
      status.textContent = items.length + ' received' + (filter === 'all' ? '' : ' · ' + shownCount + ' shown') + ' · updated ' + time(Date.now());
    } catch (e) {
      status.textContent = 'Cannot reach the demo hub (' + e.message + '); retrying…';
    }
    setTimeout(poll, 1500);
  }
  document.querySelectorAll('[data-filter]').forEach(function (button) {
    button.addEventListener('click', function () {
      filter = button.getAttribute('data-filter');
      document.querySelectorAll('[data-filter]').forEach(function (b) { b.setAttribute('aria-pressed', String(b === button)); });
      render(new Set());
    });
  });
  void poll();
})();
`;
