#pragma once
// The dashboard's style sheet and script (render_summary_html.cpp inlines them: the file opens
// from a share with no network). The script builds the findings table from the JSON data block,
// with text nodes only (never markup from the data); its own texts come in the block's "texts", in
// the run's language, their {1}.. filled here.
namespace report::dashboard {

inline constexpr const char* kStyle = R"CSS(
:root{--error:#b42318;--warning:#b54708;--info:#175cd3;--ok:#067647;--line:#d0d5dd;--muted:#475467;--bg:#f9fafb}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#101828;background:var(--bg)}
header,main,footer{max-width:1240px;margin:0 auto;padding:0 16px}
header{padding-top:16px}
h1{font-size:1.5rem;margin:.2em 0}
h2{font-size:1.15rem;margin:1.4em 0 .5em}
.meta,.note{color:var(--muted);font-size:.9rem;margin:.2em 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin:12px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card .n{display:block;font-size:1.6rem;font-weight:650}
.card .l{color:var(--muted);font-size:.85rem}
.card.error .n{color:var(--error)}.card.warning .n{color:var(--warning)}.card.info .n{color:var(--info)}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:4px 12px 10px;min-width:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eaecf0;vertical-align:top;overflow-wrap:break-word}
th{font-size:.85rem;color:var(--muted);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;white-space:nowrap;border-radius:10px;padding:0 8px;font-size:.8rem;font-weight:600;color:#fff;background:#667085}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.info{background:var(--info)}
svg.bar{display:block}
ul.hosts{columns:4 14em;padding-left:1.2em;margin:.4em 0}
a{color:#1849a9}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.controls input,.controls select,.controls button{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:6px;background:#fff}
.controls input{flex:1 1 14em;min-width:10em}
th.sortable{cursor:pointer;user-select:none}
th.sortable[aria-sort=ascending]::after{content:" \25B2"}
th.sortable[aria-sort=descending]::after{content:" \25BC"}
dl.explain dt{font-weight:600;margin-top:.6em}
dl.explain dd{margin:0 0 0 1em}
footer{color:var(--muted);font-size:.85rem;padding:24px 16px}
@media (max-width:720px){
 body{font-size:14px}
 .grid2{grid-template-columns:1fr}
 .cards{grid-template-columns:repeat(2,1fr)}
 th,td{padding:4px 5px}
 .barcell{display:none}
 ul.hosts{columns:2 9em}
}
)CSS";

inline constexpr const char* kScript = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('fleet-data').textContent);
  var texts = data.texts;
  var keys = ['rule', 'severity', 'provider', 'client', 'host'];
  var rank = {error: 0, warning: 1, info: 2};
  var rows = data.rows.map(function (r) {
    return {host: data.hosts[r[0]], rule: data.rules[r[1]], severity: data.severities[r[2]],
            provider: r[3] < 0 ? '' : data.providers[r[3]], client: r[4] < 0 ? '' : data.clients[r[4]], findings: r[5]};
  });
  var state = {sort: 'severity', desc: false, filters: {}, text: '', limit: 200};
  var body = document.getElementById('findings-body');
  var status = document.getElementById('table-status');
  var more = document.getElementById('table-more');
  var search = document.getElementById('table-search');
  var chips = document.getElementById('table-filters');

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    state.filters = {};
    keys.forEach(function (k) { if (params.has(k)) state.filters[k] = params.get(k); });
    state.text = params.get('q') || '';
    search.value = state.text;
    keys.forEach(function (k) {
      var select = document.getElementById('filter-' + k);
      if (select) select.value = state.filters[k] || '';
    });
  }

  function writeHash() {
    var params = new URLSearchParams();
    keys.forEach(function (k) { if (state.filters[k] !== undefined) params.set(k, state.filters[k]); });
    if (state.text) params.set('q', state.text);
    var hash = params.toString();
    history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
  }

  function matches(r) {
    for (var k in state.filters) { if (r[k] !== state.filters[k]) return false; }
    if (!state.text) return true;
    var t = state.text.toLowerCase();
    return keys.some(function (k) { return r[k].toLowerCase().indexOf(t) >= 0; });
  }

  function compare(a, b) {
    var k = state.sort, d = 0;
    if (k === 'findings') d = a.findings - b.findings;
    else if (k === 'severity') d = (rank[a.severity] === undefined ? 3 : rank[a.severity]) - (rank[b.severity] === undefined ? 3 : rank[b.severity]);
    else d = a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : 0;
    if (state.desc) d = -d;
    if (d) return d;
    return a.host < b.host ? -1 : a.host > b.host ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;
  }

  function fill(pattern, values) {
    return pattern.replace(/\{([1-9])\}/g, function (all, n) { return n <= values.length ? String(values[n - 1]) : all; });
  }

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function link(td, text, href) {
    td.textContent = '';
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    td.appendChild(a);
  }

  function render() {
    var list = rows.filter(matches).sort(compare);
    var total = 0;
    list.forEach(function (r) { total += r.findings; });
    var frag = document.createDocumentFragment();
    list.slice(0, state.limit).forEach(function (r) {
      var tr = document.createElement('tr');
      tr.className = 'finding';
      link(cell(tr, ''), r.rule, '#explain-' + encodeURIComponent(r.rule));
      var sev = document.createElement('span');
      sev.className = 'sev' + (rank[r.severity] === undefined ? '' : ' ' + r.severity);
      sev.textContent = r.severity;
      cell(tr, '').appendChild(sev);
      cell(tr, r.provider);
      cell(tr, r.client);
      link(cell(tr, ''), r.host, '#host=' + encodeURIComponent(r.host));
      cell(tr, String(r.findings), 'num');
      frag.appendChild(tr);
    });
    body.textContent = '';
    body.appendChild(frag);
    var shown = Math.min(list.length, state.limit);
    status.dataset.rows = list.length;
    status.dataset.findings = total;
    status.dataset.shown = shown;
    var counted = fill(texts.rows_shown, [shown, list.length, total]);
    status.textContent = data.rows_left_out ? fill(texts.rows_left_out, [counted, data.rows_left_out]) : counted;
    more.hidden = shown >= list.length;
    chips.textContent = '';
    Object.keys(state.filters).forEach(function (k) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = texts.columns[k] + ' = ' + state.filters[k] + ' \u00d7';
      b.addEventListener('click', function () { delete state.filters[k]; update(); });
      chips.appendChild(b);
    });
    document.querySelectorAll('th.sortable').forEach(function (th) {
      th.setAttribute('aria-sort', th.dataset.key === state.sort ? (state.desc ? 'descending' : 'ascending') : 'none');
    });
  }

  function update() { state.limit = 200; writeHash(); readHash(); render(); }

  ['rule', 'severity', 'provider', 'client'].forEach(function (k) {
    var select = document.getElementById('filter-' + k);
    var names = k === 'rule' ? data.rules : k === 'severity' ? data.severities : k === 'provider' ? data.providers : data.clients;
    names.slice().sort().forEach(function (n) {
      var o = document.createElement('option');
      o.value = n;
      o.textContent = n;
      select.appendChild(o);
    });
    select.addEventListener('change', function () {
      if (select.value) state.filters[k] = select.value; else delete state.filters[k];
      update();
    });
  });
  search.addEventListener('input', function () { state.text = search.value; update(); });
  more.addEventListener('click', function () { state.limit += 1000; render(); });
  document.getElementById('table-clear').addEventListener('click', function () {
    state.filters = {}; state.text = ''; update();
  });
  document.querySelectorAll('th.sortable').forEach(function (th) {
    th.addEventListener('click', function () {
      if (state.sort === th.dataset.key) state.desc = !state.desc;
      else { state.sort = th.dataset.key; state.desc = th.dataset.key === 'findings'; }
      render();
    });
  });
  window.addEventListener('hashchange', function () {
    if (location.hash.indexOf('=') < 0 && location.hash.length > 1) return;  // a link to an explanation
    readHash();
    render();
    document.getElementById('findings').scrollIntoView();
  });
  readHash();
  render();
})();
)JS";

}  // namespace report::dashboard
