(function () {
  'use strict';
  // Everything this script shows comes from the embedded JSON and is inserted as text
  // (textContent, never innerHTML): resource names and tags are attacker-controlled.
  var PAGE = 100;
  // PRINT_ROWS bounds what a printout draws per table: a page of rows on screen would print
  // as a sample, every row of a large audit would stall the browser. The printed count
  // says how many rows the printout holds.
  var PRINT_ROWS = 2000;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  // clip cuts a name or message drawn in a table row to CLIP characters (code points,
  // so no surrogate pair is split): a 5,000-character name would otherwise wrap into a
  // row a screen tall. The row's title and the selected row's details show it whole.
  var CLIP = 200;
  function clip(s) {
    s = String(s);
    if (s.length <= CLIP) { return s; }
    var cps = Array.from(s);
    return cps.length <= CLIP ? s : cps.slice(0, CLIP - 1).join('') + '\u2026';
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return parent;
  }
  function fmt(n) { return n.toLocaleString('en-US'); }

  function loadData() {
    var node = $('sw-data');
    var d = JSON.parse(node.textContent);
    if (typeof d !== 'string') { return Promise.resolve(d); }
    // Large reports embed their data gzipped and base64-encoded; inflate it locally.
    if (typeof DecompressionStream === 'undefined') {
      return Promise.reject(new Error('this browser cannot inflate the embedded data (no DecompressionStream); open the report in a current browser or use the JSON report'));
    }
    var bin = atob(d);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  var STATUS_LABEL = { fail: 'Failed', unknown: 'Undecided', waived: 'Waived', pass: 'Passed' };
  var CELL = { f: ['fail', '✗', 'failed'], u: ['unknown', '?', 'undecided'], w: ['waived', 'W', 'waived'], p: ['pass', '✓', 'passed'], '-': ['na', '·', 'no rule'] };
  var CELL_RANK = { f: 4, u: 3, w: 2, p: 1, '-': 0 };
  var FOUND = { yes: 'exists', no: 'not found', unknown: 'could not be checked' };

  // openKey makes Enter and Space open or close a row, as they press a button; keys pressed
  // in what the row holds are theirs.
  function openKey(toggle) {
    return function (e) {
      if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) { return; }
      e.preventDefault();
      toggle();
    };
  }

  function shellQuote(s) { return "'" + String(s).replace(/'/g, "'\\''") + "'"; }

  function pager(tbody, moreButton, countNode, describe) {
    var items = [], shown = 0, render = null;
    function drawTo(end) {
      end = Math.min(items.length, end);
      var frag = document.createDocumentFragment();
      for (var i = shown; i < end; i++) { render(items[i], frag); }
      tbody.appendChild(frag);
      shown = end;
      moreButton.hidden = shown >= items.length;
      if (countNode) { countNode.textContent = describe(shown, items.length); }
    }
    function page() { drawTo(shown + PAGE); }
    moreButton.addEventListener('click', page);
    window.addEventListener('beforeprint', function () {
      if (render && shown < PRINT_ROWS) { drawTo(PRINT_ROWS); }
    });
    return {
      set: function (list, fn) {
        items = list; shown = 0; render = fn;
        tbody.textContent = '';
        page();
      }
    };
  }

  function init(D) {
    var rules = D.rules, res = D.res, F = D.f;
    var statusOrder = { fail: 0, unknown: 1, waived: 2, pass: 3 };

    // ---- coverage matrix -------------------------------------------------------------
    var mhead = $('matrix').tHead, mbody = $('matrix').tBodies[0];
    var hr = el('tr');
    ['Store', 'Type', 'Account', 'Region'].forEach(function (h) { var th = el('th', null, h); th.scope = 'col'; hr.appendChild(th); });
    // The label sits in its own box: turned on its side, it sizes the header row, and the
    // cell keeps a plain box that neither overlaps its neighbours nor leaves the row.
    D.dimNames.forEach(function (h) { var th = el('th', 'dim'); th.scope = 'col'; th.appendChild(el('span', null, h)); hr.appendChild(th); });
    mhead.appendChild(hr);
    var stores = D.stores.map(function (s, i) {
      var r = res[s[0]];
      var worst = 0;
      for (var k = 0; k < s[2].length; k++) { worst = Math.max(worst, CELL_RANK[s[2][k]] || 0); }
      return { i: i, ri: s[0], r: r, engine: s[1], cells: s[2], groups: s[3], worst: worst,
        key: (r[0] + ' ' + r[1] + ' ' + r[2] + ' ' + r[3] + ' ' + r[4]).toLowerCase() };
    });
    stores.sort(function (a, b) { return b.worst - a.worst || (a.r[2] < b.r[2] ? -1 : a.r[2] > b.r[2] ? 1 : 0); });
    var matrixPager = pager(mbody, $('matrix-more'), $('matrix-count'), function (n, of) {
      return 'Showing ' + fmt(n) + ' of ' + fmt(of) + ' stores';
    });
    function storeRow(s, frag) {
      var tr = el('tr', 'store');
      tr.tabIndex = 0;
      tr.setAttribute('aria-expanded', 'false');
      var name = el('th', 'name', clip(s.r[2] || s.r[0]));
      name.scope = 'row';
      name.title = s.r[0];
      add(tr, name, el('td', 'mono', s.r[1]), el('td', null, s.r[3]), el('td', null, s.r[4]));
      for (var k = 0; k < s.cells.length; k++) {
        var c = CELL[s.cells[k]] || CELL['-'];
        var td = el('td', 'c');
        var span = el('span', 'cell ' + s.cells[k].replace('-', 'n'), c[1]);
        span.title = D.dimNames[k] + ': ' + c[2];
        span.setAttribute('role', 'img');
        span.setAttribute('aria-label', span.title);
        td.appendChild(span);
        tr.appendChild(td);
      }
      var detail = null;
      function toggle() {
        tr.setAttribute('aria-expanded', String(!detail));
        if (detail) { detail.remove(); detail = null; return; }
        detail = el('tr', 'detail');
        var td = el('td');
        td.colSpan = 4 + s.cells.length;
        storeDetail(s, td);
        detail.appendChild(td);
        tr.after(detail);
      }
      tr.addEventListener('click', toggle);
      tr.addEventListener('keydown', openKey(toggle));
      frag.appendChild(tr);
    }
    function storeDetail(s, td) {
      var kv = el('dl', 'kv');
      add(kv, el('dt', null, 'Id'), el('dd', 'name mono', s.r[0]));
      if (s.engine) { add(kv, el('dt', null, 'Engine'), el('dd', null, s.engine)); }
      td.appendChild(kv);
      var show = el('button', null, 'Show this store’s findings');
      show.type = 'button';
      show.addEventListener('click', function (e) {
        e.stopPropagation();
        // Exactly this store's findings: every filter set earlier is reset, and the
        // findings are matched by resource, not by text (orders-db is in orders-db-replica).
        $('f-search').value = s.r[0];
        state.res = s.ri;
        Object.keys(state.status).forEach(function (k) { state.status[k] = true; });
        Object.keys(state.sev).forEach(function (k) { state.sev[k] = true; });
        ['f-service', 'f-region', 'f-account', 'f-rule', 'f-framework'].forEach(function (id) { $(id).value = ''; });
        syncToggles();
        applyFindings();
        $('findings').scrollIntoView();
      });
      td.appendChild(show);
      if (!s.groups.length) {
        td.appendChild(el('p', 'meta', 'This store exports no logs to CloudWatch Logs, so there is nothing to query.'));
        return;
      }
      td.appendChild(el('h3', null, 'CloudWatch Logs Insights queries'));
      s.groups.forEach(function (g) {
        var box = el('div', 'query');
        add(box, el('h4', null, g[0] + ' → '), null);
        box.firstChild.appendChild(el('code', 'name', g[1]));
        box.firstChild.appendChild(document.createTextNode(' (log group ' + (FOUND[g[2]] || g[2]) + ')'));
        (D.queries[g[3]] || []).forEach(function (q) {
          box.appendChild(el('p', null, q[0] + ':'));
          box.appendChild(el('pre', 'q', q[1]));
          var cli = 'aws logs start-query --region ' + shellQuote(s.r[4]) + ' --log-group-name ' + shellQuote(g[1]) +
            ' --start-time $(( $(date +%s) - 86400 )) --end-time $(date +%s) --query-string ' + shellQuote(q[1]) +
            '\n# then: aws logs get-query-results --region ' + shellQuote(s.r[4]) + ' --query-id <queryId from the answer>';
          box.appendChild(el('pre', 'cli', cli));
        });
        td.appendChild(box);
      });
    }
    function applyMatrix() {
      var q = $('matrix-search').value.trim().toLowerCase();
      var gaps = $('matrix-gaps').checked;
      var list = stores.filter(function (s) {
        return (!gaps || s.worst >= 3) && (!q || s.key.indexOf(q) >= 0);
      });
      matrixPager.set(list, storeRow);
    }
    $('matrix-search').addEventListener('input', debounce(applyMatrix));
    $('matrix-gaps').addEventListener('change', applyMatrix);
    applyMatrix();

    // ---- findings ----------------------------------------------------------------------
    var order = F.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      var x = F[a], y = F[b];
      return statusOrder[D.statuses[x[2]]] - statusOrder[D.statuses[y[2]]] || x[3] - y[3] || x[0] - y[0] || x[1] - y[1];
    });
    var keys = null;
    function searchKey(i) {
      if (!keys) { keys = new Array(F.length); }
      var k = keys[i];
      if (k === undefined) {
        var f = F[i], r = res[f[1]], rule = rules[f[0]] || {};
        k = keys[i] = (rule.id + ' ' + r[0] + ' ' + r[2] + ' ' + f[4] + ' ' + r[3] + ' ' + r[4]).toLowerCase();
      }
      return k;
    }
    var state = { status: { fail: true, unknown: true, waived: true, pass: false }, sev: {}, res: -1 };
    D.sevs.forEach(function (s) { state.sev[s] = true; });

    var statusCount = {};
    F.forEach(function (f) { var s = D.statuses[f[2]]; statusCount[s] = (statusCount[s] || 0) + 1; });
    var toggles = document.querySelectorAll('#finding-controls button[data-status]');
    toggles.forEach(function (b) {
      b.querySelector('.n').textContent = fmt(statusCount[b.dataset.status] || 0);
      b.addEventListener('click', function () {
        state.status[b.dataset.status] = !state.status[b.dataset.status];
        syncToggles();
        applyFindings();
      });
    });
    var sevBox = $('sev-toggles');
    D.sevs.forEach(function (s) {
      var b = el('button', 'toggle sev-toggle', s);
      b.type = 'button';
      b.dataset.sev = s;
      b.addEventListener('click', function () { state.sev[s] = !state.sev[s]; syncToggles(); applyFindings(); });
      sevBox.appendChild(b);
    });
    function syncToggles() {
      toggles.forEach(function (b) { b.setAttribute('aria-pressed', String(!!state.status[b.dataset.status])); });
      sevBox.querySelectorAll('button').forEach(function (b) { b.setAttribute('aria-pressed', String(!!state.sev[b.dataset.sev])); });
    }
    syncToggles();

    function fillSelect(id, values) {
      var sel = $(id);
      values.forEach(function (v) {
        var o = el('option', null, v[1]);
        o.value = v[0];
        sel.appendChild(o);
      });
      sel.addEventListener('change', applyFindings);
    }
    function uniq(list) {
      var seen = {}, out = [];
      list.forEach(function (v) { if (!seen[v]) { seen[v] = true; out.push(v); } });
      return out.sort();
    }
    fillSelect('f-service', uniq(rules.map(function (r) { return r.service || 'other'; })).map(function (v) { return [v, v]; }));
    fillSelect('f-region', uniq(F.map(function (f) { return res[f[1]][4] || 'global'; })).map(function (v) { return [v, v]; }));
    fillSelect('f-account', uniq(F.map(function (f) { return res[f[1]][3] || 'unknown'; })).map(function (v) { return [v, v]; }));
    fillSelect('f-rule', rules.map(function (r, i) { return [String(i), r.id + ' — ' + r.title]; }));
    var fwControls = [];
    rules.forEach(function (r) {
      Object.keys(r.fw || {}).forEach(function (k) { r.fw[k].forEach(function (c) { fwControls.push(k + ' ' + c); }); });
    });
    fillSelect('f-framework', uniq(fwControls).map(function (v) { return [v, v]; }));
    var ruleControls = rules.map(function (r) {
      var set = {};
      Object.keys(r.fw || {}).forEach(function (k) { r.fw[k].forEach(function (c) { set[k + ' ' + c] = true; }); });
      return set;
    });

    var findingPager = pager($('finding-table').tBodies[0], $('findings-more'), $('findings-count'), function (n, of) {
      return 'Showing ' + fmt(n) + ' of ' + fmt(of) + ' matching findings (' + fmt(F.length) + ' in all)';
    });
    function findingRow(i, frag) {
      var f = F[i], r = res[f[1]], rule = rules[f[0]] || { id: '?', title: '' }, st = D.statuses[f[2]], sev = D.sevs[f[3]];
      var tr = el('tr', 'finding st-' + st);
      tr.tabIndex = 0;
      tr.setAttribute('aria-expanded', 'false');
      var rcell = el('td', 'name', clip(r[2] || r[0]));
      rcell.title = r[0];
      add(tr, el('td', 'status ' + st, STATUS_LABEL[st] || st), add(el('td'), el('span', 'sev ' + sev, sev)),
        el('td', 'mono', rule.id), rcell, el('td', null, (r[3] || '—') + ' / ' + (r[4] || 'global')), el('td', 'name', clip(f[4])));
      var detail = null;
      function toggle() {
        tr.setAttribute('aria-expanded', String(!detail));
        if (detail) { detail.remove(); detail = null; return; }
        detail = el('tr', 'detail');
        var td = el('td');
        td.colSpan = 6;
        findingDetail(f, r, rule, td);
        detail.appendChild(td);
        tr.after(detail);
      }
      tr.addEventListener('click', toggle);
      tr.addEventListener('keydown', openKey(toggle));
      frag.appendChild(tr);
    }
    function findingDetail(f, r, rule, td) {
      var kv = el('dl', 'kv');
      var ruleLink = el('a', null, rule.id + ' — ' + rule.title);
      ruleLink.href = '#rule-' + rule.id;
      add(kv, el('dt', null, 'Rule'), add(el('dd'), ruleLink));
      add(kv, el('dt', null, 'Resource'), el('dd', 'name mono', r[0]));
      add(kv, el('dt', null, 'Type'), el('dd', 'mono', r[1]));
      if (r[6]) { add(kv, el('dt', null, 'Location'), el('dd', 'mono', r[6])); }
      if (r[5] && typeof r[5] === 'object') {
        var tags = Object.keys(r[5]).sort().map(function (k) { return k + ' = ' + r[5][k]; }).join('\n');
        add(kv, el('dt', null, 'Tags'), el('dd', 'name pre', tags));
      }
      add(kv, el('dt', null, 'Message'), el('dd', 'name', f[4]));
      if (f[6]) { add(kv, el('dt', null, 'Collection errors'), el('dd', 'name pre', f[6].join('\n'))); }
      if (f[7]) {
        add(kv, el('dt', null, 'Waiver'), el('dd', 'name', f[7][0] + ' — ' + f[7][1] + ', until ' + f[7][2] + (f[7][3] ? ' (expired)' : '')));
      }
      td.appendChild(kv);
      if (f[5]) { add(td, el('h3', null, 'Evidence'), el('pre', 'name', JSON.stringify(f[5], null, 2))); }
      var rem = el('dl', 'remediation');
      if (rule.console) { add(rem, el('dt', null, 'Console'), el('dd', 'pre', rule.console)); }
      if (rule.cli) { add(rem, el('dt', null, 'AWS CLI'), add(el('dd'), el('pre', null, rule.cli))); }
      if (rule.terraform) { add(rem, el('dt', null, 'Terraform'), add(el('dd'), el('pre', null, rule.terraform))); }
      if (rem.childNodes.length) { add(td, el('h3', null, 'Remediation'), rem); }
    }
    function applyFindings() {
      var q = $('f-search').value.trim().toLowerCase();
      var svc = $('f-service').value, region = $('f-region').value, acct = $('f-account').value;
      var rule = $('f-rule').value, fw = $('f-framework').value;
      var ruleIdx = rule === '' ? -1 : Number(rule);
      var list = [];
      for (var n = 0; n < order.length; n++) {
        var i = order[n], f = F[i];
        if (!state.status[D.statuses[f[2]]] || !state.sev[D.sevs[f[3]]]) { continue; }
        if (ruleIdx >= 0 && f[0] !== ruleIdx) { continue; }
        if (state.res >= 0 && f[1] !== state.res) { continue; }
        var r = res[f[1]], rl = rules[f[0]] || {};
        if (svc && (rl.service || 'other') !== svc) { continue; }
        if (region && (r[4] || 'global') !== region) { continue; }
        if (acct && (r[3] || 'unknown') !== acct) { continue; }
        if (fw && !(ruleControls[f[0]] || {})[fw]) { continue; }
        if (q && searchKey(i).indexOf(q) < 0) { continue; }
        list.push(i);
      }
      findingPager.set(list, findingRow);
    }
    var searchFindings = debounce(applyFindings);
    $('f-search').addEventListener('input', function () { state.res = -1; searchFindings(); });
    applyFindings();

    // ---- collection errors ----------------------------------------------------------------
    var errorPager = pager($('error-table').tBodies[0], $('errors-more'), $('errors-count'), function (n, of) {
      return 'Showing ' + fmt(n) + ' of ' + fmt(of) + ' collection errors';
    });
    errorPager.set(D.cerr, function (e, frag) {
      var op = e[3] || e[2];
      frag.appendChild(add(el('tr'), el('td', null, e[0]), el('td', null, e[1]), el('td', 'mono', op),
        el('td', 'name mono', e[4]), el('td', 'mono', e[5]), el('td', 'name', e[6])));
    });

    document.body.dataset.ready = 'true';
    window.storewatchReady = performance.now();
  }

  function debounce(fn) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, 150); };
  }

  loadData().then(init).catch(function (err) {
    var p = el('p', 'banner fail', 'The report data could not be shown: ' + (err && err.message ? err.message : String(err)));
    document.body.insertBefore(p, document.body.firstChild);
    document.body.dataset.ready = 'error';
  });
})();
