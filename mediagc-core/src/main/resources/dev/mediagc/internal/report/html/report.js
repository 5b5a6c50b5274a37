// mediagc report: the folder drill-down and the table of every orphan. The figures are plain HTML;
// nothing here sends or fetches anything (the page's Content-Security-Policy forbids it anyway).
(function () {
  'use strict';
  var PAGE_SIZE = 100;
  var BARS_SHOWN = 50;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; } // textContent: keys are shown as text, never as markup
    return e;
  }

  function bytes(n) {
    if (n < 1024) { return n + ' B'; }
    var units = ['KiB', 'MiB', 'GiB', 'TiB'];
    var v = n, u = -1;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return v.toFixed(1) + ' ' + units[u];
  }

  function count(n) { return n.toLocaleString('en-US'); }

  function age(seconds) {
    var d = Math.floor(seconds / 86400);
    if (d >= 365) { return (d / 365).toFixed(1) + ' y'; }
    if (d >= 1) { return d + ' d'; }
    var h = Math.floor(seconds / 3600);
    if (h >= 1) { return h + ' h'; }
    return Math.floor(seconds / 60) + ' min';
  }

  // ---- Orphans by folder ----
  function folders() {
    var data = JSON.parse(document.getElementById('folders').textContent);
    var byPath = new Map();
    var children = new Map();
    data.folders.forEach(function (f) {
      byPath.set(f[0], { path: f[0], count: f[1], bytes: f[2] });
    });
    data.folders.forEach(function (f) { // biggest first already: children keep that order
      if (f[0] === '') { return; }
      var slash = f[0].lastIndexOf('/');
      var parent = slash < 0 ? '' : f[0].slice(0, slash);
      if (!children.has(parent)) { children.set(parent, []); }
      children.get(parent).push(byPath.get(f[0]));
    });
    var bars = document.getElementById('folder-bars');
    var crumbs = document.getElementById('crumbs');

    function row(name, figures, max, onClick, cls) {
      var r = el('div', 'bar-row' + (cls ? ' ' + cls : ''));
      var n = onClick ? el('button', 'name', name) : el('span', 'name', name);
      n.title = name;
      if (onClick) { n.addEventListener('click', onClick); }
      var track = el('div', 'bar-track');
      var fill = el('div', 'bar-fill');
      fill.style.width = (max > 0 ? 100 * figures.bytes / max : 0) + '%';
      track.appendChild(fill);
      r.appendChild(n);
      r.appendChild(track);
      r.appendChild(el('span', 'num', count(figures.count)));
      r.appendChild(el('span', 'num', bytes(figures.bytes)));
      return r;
    }

    function show(path) {
      var here = byPath.get(path) || { count: 0, bytes: 0 };
      var kids = children.get(path) || [];
      bars.textContent = '';
      crumbs.textContent = '';
      var parts = path === '' ? [] : path.split('/');
      var link = el('button', null, '(all folders)');
      link.addEventListener('click', function () { show(''); });
      crumbs.appendChild(link);
      parts.forEach(function (part, i) {
        var prefix = parts.slice(0, i + 1).join('/');
        crumbs.appendChild(document.createTextNode(' / '));
        var b = el('button', null, part);
        b.addEventListener('click', function () { show(prefix); });
        crumbs.appendChild(b);
      });
      if (path !== '') {
        crumbs.appendChild(document.createTextNode(' '));
        var list = el('button', 'list-folder', '(list its orphans below)');
        list.addEventListener('click', function () {
          var search = document.getElementById('search');
          search.value = path + '/';
          search.dispatchEvent(new Event('input'));
          document.getElementById('orphan-table').scrollIntoView();
        });
        crumbs.appendChild(list);
      }
      var inKids = { count: 0, bytes: 0 };
      kids.forEach(function (k) { inKids.count += k.count; inKids.bytes += k.bytes; });
      var direct = { count: here.count - inKids.count, bytes: here.bytes - inKids.bytes };
      var max = kids.length ? kids[0].bytes : 0;
      max = Math.max(max, direct.bytes);
      kids.slice(0, BARS_SHOWN).forEach(function (k) {
        var name = k.path.slice(k.path.lastIndexOf('/') + 1) + '/';
        bars.appendChild(row(name, k, max, function () { show(k.path); }, 'folder'));
      });
      if (kids.length > BARS_SHOWN) {
        var rest = { count: 0, bytes: 0 };
        kids.slice(BARS_SHOWN).forEach(function (k) { rest.count += k.count; rest.bytes += k.bytes; });
        bars.appendChild(row((kids.length - BARS_SHOWN) + ' more folders', rest, max, null, 'rest'));
      }
      if (direct.count > 0) {
        bars.appendChild(row(path === '' ? '(files at the top)' : '(files here' + (data.capped ? ' or in folders not shown)' : ')'),
          direct, max, null, 'here'));
      }
    }
    show('');
  }

  // ---- Every orphan ----
  function base64Bytes(text) {
    if (Uint8Array.fromBase64) { // native, several times faster on a million orphans
      return Uint8Array.fromBase64(text.trim());
    }
    var binary = atob(text.trim());
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { out[i] = binary.charCodeAt(i); }
    return out;
  }

  function unescapeKey(k) {
    if (k.indexOf('\\') < 0) { return k; }
    return k.replace(/\\(.)/g, function (m, c) { return c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c; });
  }

  // The table pages through `lines`, which grows while the list is decoded: the first page shows
  // as soon as its rows are in; search waits for the whole list (`complete`).
  function table(lines, expected) {
    var rows = document.getElementById('rows');
    var search = document.getElementById('search');
    var matches = document.getElementById('matches');
    var pageLabel = document.getElementById('page');
    var ordered = lines; // all lines, in the order chosen (the listing's until a column is chosen)
    var shown = lines; // the ordered lines matching the search
    var page = 0;
    var complete = false;
    var sorts = document.querySelectorAll('button.sort');
    search.disabled = true;
    sorts.forEach(function (b) { b.disabled = true; });

    function pages() { return Math.max(1, Math.ceil(shown.length / PAGE_SIZE)); }

    function render() {
      rows.textContent = '';
      var from = page * PAGE_SIZE;
      var fragment = document.createDocumentFragment();
      for (var i = from; i < Math.min(from + PAGE_SIZE, shown.length); i++) {
        var f = shown[i].split('\t');
        var tr = el('tr');
        var key = el('td', 'key');
        key.appendChild(el('code', null, unescapeKey(f[0])));
        tr.appendChild(key);
        var size = el('td', 'num', bytes(Number(f[1])));
        size.title = f[1] + ' bytes';
        tr.appendChild(size);
        tr.appendChild(el('td', 'num', age(Number(f[2]))));
        fragment.appendChild(tr);
      }
      rows.appendChild(fragment);
      label();
    }

    function label() {
      pageLabel.textContent = 'page ' + count(page + 1) + ' of ' + count(pages());
      matches.textContent = !complete ? 'reading the list: ' + count(lines.length) + ' of ' + count(expected) + ' orphans'
        : shown === ordered ? count(lines.length) + ' orphans'
        : count(shown.length) + ' of ' + count(lines.length) + ' orphans match';
    }

    function go(p) { page = Math.max(0, Math.min(pages() - 1, p)); render(); }
    document.getElementById('first').addEventListener('click', function () { go(0); });
    document.getElementById('prev').addEventListener('click', function () { go(page - 1); });
    document.getElementById('next').addEventListener('click', function () { go(page + 1); });
    document.getElementById('last').addEventListener('click', function () { go(pages() - 1); });

    function filter() {
      var q = search.value.toLowerCase();
      shown = q === '' ? ordered : ordered.filter(function (line) {
        return unescapeKey(line.slice(0, line.indexOf('\t'))).toLowerCase().indexOf(q) >= 0;
      });
      go(0);
    }

    var pending;
    search.addEventListener('input', function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        filter();
        document.body.dataset.searched = search.value;
      }, 150);
    });

    // Key: A to Z (by UTF-16 code unit, as --list-orphans); size and age: biggest and oldest first.
    function sortBy(column) {
      var n = lines.length;
      var order = new Uint32Array(n);
      for (var i = 0; i < n; i++) { order[i] = i; }
      if (column === 'key') {
        var keys = lines.map(function (line) { return unescapeKey(line.slice(0, line.indexOf('\t'))); });
        order.sort(function (a, b) { return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b; });
      } else {
        var field = column === 'size' ? 1 : 2;
        var values = new Float64Array(n);
        for (var j = 0; j < n; j++) { values[j] = Number(lines[j].split('\t')[field]); }
        order.sort(function (a, b) { return values[b] - values[a] || a - b; });
      }
      ordered = Array.from(order, function (k) { return lines[k]; });
      filter();
      document.body.dataset.sorted = column;
    }
    sorts.forEach(function (b) {
      b.addEventListener('click', function () { sortBy(b.dataset.sort); });
    });
    go(0);
    return {
      grew: function () {
        if (rows.childElementCount < PAGE_SIZE && page === pages() - 1) { render(); } else { label(); }
      },
      done: function () {
        complete = true;
        search.disabled = false;
        sorts.forEach(function (b) { b.disabled = false; });
        render();
      }
    };
  }

  function orphans() {
    var holder = document.getElementById('orphan-list');
    var expected = Number(holder.dataset.rows);
    var gzipped = base64Bytes(holder.textContent);
    performance.mark('mediagc-base64');
    var reader = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'))
      .pipeThrough(new TextDecoderStream()).getReader();
    var lines = [];
    var rest = '';
    var view = null;
    var lastUpdate = 0;
    function next() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          if (rest !== '') { lines.push(rest); }
          if (lines.length !== expected) {
            throw new Error('the embedded list holds ' + lines.length + ' rows, not ' + expected);
          }
          if (!view) { view = table(lines, expected); performance.mark('mediagc-rows-shown'); }
          view.done();
          performance.mark('mediagc-decoded');
          document.body.dataset.ready = 'true';
          return;
        }
        var parts = (rest + chunk.value).split('\n');
        rest = parts.pop();
        for (var i = 0; i < parts.length; i++) { lines.push(parts[i]); }
        if (!view && lines.length >= PAGE_SIZE) {
          view = table(lines, expected);
          performance.mark('mediagc-rows-shown');
        } else if (view && performance.now() - lastUpdate > 250) {
          lastUpdate = performance.now();
          view.grew();
        }
        return next();
      });
    }
    return next();
  }

  function fail(where, error) {
    var p = el('p', 'note', where + ' could not be shown: ' + error);
    document.getElementById(where === 'The table' ? 'orphan-table' : 'folders-section').appendChild(p);
  }

  performance.mark('mediagc-script');
  if (document.getElementById('list-not-kept')) {
    // No list of orphans for this run: the page is its plain figures only.
    document.body.dataset.ready = 'true';
    return;
  }
  try { folders(); } catch (e) { fail('The folder view', e); }
  orphans().catch(function (e) { fail('The table', e); document.body.dataset.ready = 'error'; });
})();
