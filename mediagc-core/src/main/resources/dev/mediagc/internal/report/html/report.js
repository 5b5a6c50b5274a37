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

  // The embedded list (see EmbeddedOrphanList): blocks of rows, each its row count, its keys' UTF-8
  // lengths, its keys' bytes, its sizes, its ages, every number a varint, sizes and ages
  // zigzag-signed. Decoded into one string of every key (`keys`; key i spans starts[i] to
  // starts[i + 1]) and typed arrays: no string per row until a row is shown or a sort needs it.
  function decodeList(bytes, expected) {
    var sizes = new Float64Array(expected);
    var ages = new Float64Array(expected);
    var starts = new Uint32Array(expected + 1);
    var lengths = new Uint32Array(4096);
    var decoder = new TextDecoder();
    var pieces = [];
    var p = 0, row = 0, units = 0, at, k, n;
    function varint() {
      var b = bytes[p++];
      if (b < 128) { return b; }
      var v = b & 127, m = 128;
      do { b = bytes[p++]; v += (b & 127) * m; m *= 128; } while (b >= 128);
      return v;
    }
    function signed(v) { return v % 2 === 0 ? v / 2 : -(v + 1) / 2; }
    while (p < bytes.length) {
      n = varint();
      if (row + n > expected) { throw new Error('the embedded list holds more than ' + expected + ' rows'); }
      if (n > lengths.length) { lengths = new Uint32Array(n); }
      var total = 0;
      for (k = 0; k < n; k++) { lengths[k] = varint(); total += lengths[k]; }
      var block = decoder.decode(bytes.subarray(p, p + total));
      if (block.length === total) { // ASCII only: a byte is a UTF-16 code unit
        for (k = 0; k < n; k++) { starts[row + k] = units; units += lengths[k]; }
        pieces.push(block);
      } else { // one key at a time, to know where each ends
        for (k = 0, at = p; k < n; k++) {
          var key = decoder.decode(bytes.subarray(at, at + lengths[k]));
          at += lengths[k];
          starts[row + k] = units;
          units += key.length;
          pieces.push(key);
        }
      }
      p += total;
      for (k = 0; k < n; k++) { sizes[row + k] = signed(varint()); }
      for (k = 0; k < n; k++) { ages[row + k] = signed(varint()); }
      row += n;
    }
    if (p !== bytes.length || row !== expected) {
      throw new Error('the embedded list holds ' + row + ' rows, not ' + expected);
    }
    starts[row] = units;
    var keys = pieces.join('');
    return { length: row, keys: keys, starts: starts, sizes: sizes, ages: ages,
      key: function (i) { return keys.slice(starts[i], starts[i + 1]); } };
  }

  // The table: its first page is HTML already (FirstPage), shown as the browser reads it; `full`
  // starts it paging, searching and sorting through the whole list once that is decoded.
  function table(expected) {
    var rows = document.getElementById('rows');
    var search = document.getElementById('search');
    var matches = document.getElementById('matches');
    var pageLabel = document.getElementById('page');
    var pagers = ['first', 'prev', 'next', 'last'].map(function (id) { return document.getElementById(id); });
    var sorts = document.querySelectorAll('button.sort');
    var list = null;
    var ordered = null; // row numbers in the order chosen (the list's own until a column is chosen)
    var shown = null; // the ordered rows matching the search
    var page = 0;

    function enable(on) {
      search.disabled = !on;
      sorts.forEach(function (b) { b.disabled = !on; });
      pagers.forEach(function (b) { b.disabled = !on; });
    }
    enable(false);
    pageLabel.textContent = 'page 1 of ' + count(Math.max(1, Math.ceil(expected / PAGE_SIZE)));
    matches.textContent = 'loading the full list (' + count(expected) + ' orphans)…';
    matches.className = 'loading';

    function pages() { return Math.max(1, Math.ceil(shown.length / PAGE_SIZE)); }

    function render() {
      rows.textContent = '';
      var from = page * PAGE_SIZE;
      var fragment = document.createDocumentFragment();
      for (var i = from; i < Math.min(from + PAGE_SIZE, shown.length); i++) {
        var r = shown[i];
        var tr = el('tr');
        var key = el('td', 'key');
        key.appendChild(el('code', null, list.key(r)));
        tr.appendChild(key);
        var size = el('td', 'num', bytes(list.sizes[r]));
        size.title = list.sizes[r] + ' bytes';
        tr.appendChild(size);
        tr.appendChild(el('td', 'num', age(list.ages[r])));
        fragment.appendChild(tr);
      }
      rows.appendChild(fragment);
      pageLabel.textContent = 'page ' + count(page + 1) + ' of ' + count(pages());
      matches.textContent = shown === ordered ? count(list.length) + ' orphans'
        : count(shown.length) + ' of ' + count(list.length) + ' orphans match';
    }

    function go(p) { page = Math.max(0, Math.min(pages() - 1, p)); render(); }
    pagers[0].addEventListener('click', function () { go(0); });
    pagers[1].addEventListener('click', function () { go(page - 1); });
    pagers[2].addEventListener('click', function () { go(page + 1); });
    pagers[3].addEventListener('click', function () { go(pages() - 1); });

    // Which rows hold the search text: one pass of indexOf over every key lowercased at once.
    var lowered;
    function matching(q) {
      var n = list.length, hit = new Uint8Array(n), starts = list.starts;
      if (lowered === undefined) {
        lowered = list.keys.toLowerCase();
        if (lowered.length !== list.keys.length) { lowered = null; } // a key whose lower case is longer
      }
      if (lowered === null) {
        for (var i = 0; i < n; i++) { hit[i] = list.key(i).toLowerCase().indexOf(q) >= 0 ? 1 : 0; }
        return hit;
      }
      var row = 0, at = lowered.indexOf(q);
      while (at >= 0) {
        while (starts[row + 1] <= at) { row++; }
        if (at + q.length <= starts[row + 1]) { // within the key, not across into the next
          hit[row] = 1;
          at = lowered.indexOf(q, starts[row + 1]);
        } else {
          at = lowered.indexOf(q, at + 1);
        }
      }
      return hit;
    }

    function filter() {
      if (!list) { return; } // the search is applied once the whole list is in
      var q = search.value.toLowerCase();
      if (q === '') {
        shown = ordered;
      } else {
        var hit = matching(q), found = 0, i;
        for (i = 0; i < ordered.length; i++) { found += hit[ordered[i]]; }
        shown = new Uint32Array(found);
        for (i = 0, found = 0; i < ordered.length; i++) { if (hit[ordered[i]]) { shown[found++] = ordered[i]; } }
      }
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
      var n = list.length;
      var order = new Uint32Array(n);
      for (var i = 0; i < n; i++) { order[i] = i; }
      if (column === 'key') {
        var keys = new Array(n);
        for (var j = 0; j < n; j++) { keys[j] = list.key(j); }
        order.sort(function (a, b) { return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b; });
      } else {
        var values = column === 'size' ? list.sizes : list.ages;
        order.sort(function (a, b) { return values[b] - values[a] || a - b; });
      }
      ordered = order;
      filter();
      document.body.dataset.sorted = column;
    }
    sorts.forEach(function (b) {
      b.addEventListener('click', function () { sortBy(b.dataset.sort); });
    });

    return {
      full: function (decoded) {
        list = decoded;
        ordered = new Uint32Array(list.length);
        for (var i = 0; i < list.length; i++) { ordered[i] = i; }
        shown = ordered;
        matches.className = '';
        enable(true);
        filter();
      },
      failed: function () { matches.textContent = ''; matches.className = ''; }
    };
  }

  function orphans(view) {
    var holder = document.getElementById('orphan-list');
    var expected = Number(holder.dataset.rows);
    var gzipped = base64Bytes(holder.textContent);
    performance.mark('mediagc-base64');
    var inflated = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(inflated).arrayBuffer().then(function (buffer) {
      performance.mark('mediagc-inflated');
      view.full(decodeList(new Uint8Array(buffer), expected));
      performance.mark('mediagc-decoded');
      document.body.dataset.ready = 'true';
    });
  }

  function fail(where, error) {
    var p = el('p', 'note', where + ' could not be shown: ' + error);
    document.getElementById(where === 'The table' ? 'orphan-table' : 'folders-section').appendChild(p);
  }

  // This script runs before the browser has read the embedded list, which follows it: the first
  // page (HTML already) shows at once, and the list is decoded once the document is read.
  performance.mark('mediagc-script');
  if (document.getElementById('list-not-kept')) {
    // No list of orphans for this run: the page is its plain figures only.
    document.body.dataset.ready = 'true';
    return;
  }
  try { folders(); } catch (e) { fail('The folder view', e); }
  var view;
  try {
    view = table(Number(document.querySelector('table.orphans').dataset.rows));
    performance.mark('mediagc-rows-shown');
  } catch (e) { fail('The table', e); document.body.dataset.ready = 'error'; return; }
  function whenRead() {
    Promise.resolve(view).then(orphans).catch(function (e) {
      view.failed();
      fail('The table', e);
      document.body.dataset.ready = 'error';
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', whenRead);
  } else {
    whenRead();
  }
})();
