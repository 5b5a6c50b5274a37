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
  // zigzag-signed. Decoded into typed arrays and one string of keys per block (`texts[b]`, holding
  // rows `firsts[b]` to `firsts[b + 1]`; key i spans starts[i] to starts[i + 1], counted from
  // `offsets[b]`): no string per row until a row is shown or a sort needs it, and no string of every
  // key, which a few million orphans would take past the longest string a browser can hold.
  function decodeList(bytes, expected) {
    var sizes = new Float64Array(expected);
    var ages = new Float64Array(expected);
    var starts = new Uint32Array(expected + 1);
    var lengths = new Uint32Array(4096);
    var texts = [], firsts = [0], offsets = [0];
    var exactSizes = new Map(); // sizes past 2^53, in exact digits as the first page writes them
    // ignoreBOM: a key may begin with U+FEFF; the default decoder would drop it from each key it decodes.
    var decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    var p = 0, row = 0, units = 0, at, k, n;
    function varint() {
      var b = bytes[p++];
      if (b < 128) { return b; }
      var v = b & 127, m = 128;
      do { b = bytes[p++]; v += (b & 127) * m; m *= 128; } while (b >= 128);
      return v;
    }
    function signed(v) { return v % 2 === 0 ? v / 2 : -(v + 1) / 2; }
    function exactSigned(from, to) { // the varint in bytes[from, to) as a BigInt: doubles stop being exact at 2^53
      var v = BigInt(0);
      for (var i = to - 1; i >= from; i--) { v = v * BigInt(128) + BigInt(bytes[i] & 127); }
      return v % BigInt(2) === BigInt(0) ? v / BigInt(2) : -(v + BigInt(1)) / BigInt(2);
    }
    while (p < bytes.length) {
      n = varint();
      if (row + n > expected) { throw new Error('the embedded list holds more than ' + expected + ' rows'); }
      if (n > lengths.length) { lengths = new Uint32Array(n); }
      var total = 0;
      for (k = 0; k < n; k++) { lengths[k] = varint(); total += lengths[k]; }
      var text = decoder.decode(bytes.subarray(p, p + total));
      if (text.length === total) { // ASCII only: a byte is a UTF-16 code unit
        for (k = 0; k < n; k++) { starts[row + k] = units; units += lengths[k]; }
      } else { // one key at a time, to know where each ends
        var pieces = new Array(n);
        for (k = 0, at = p; k < n; k++) {
          pieces[k] = decoder.decode(bytes.subarray(at, at + lengths[k]));
          at += lengths[k];
          starts[row + k] = units;
          units += pieces[k].length;
        }
        text = pieces.join('');
      }
      p += total;
      for (k = 0; k < n; k++) {
        var from = p, size = signed(varint());
        if (Math.abs(size) > Number.MAX_SAFE_INTEGER) {
          var exact = exactSigned(from, p);
          size = Number(exact); // rounded once, as the first page's double of the same long
          exactSizes.set(row + k, exact.toString());
        }
        sizes[row + k] = size;
      }
      for (k = 0; k < n; k++) { ages[row + k] = signed(varint()); }
      row += n;
      texts.push(text);
      firsts.push(row);
      offsets.push(units);
    }
    if (p !== bytes.length || row !== expected) {
      throw new Error('the embedded list holds ' + row + ' rows, not ' + expected);
    }
    starts[row] = units;
    var last = 0; // the block of the last key asked for: rows are mostly asked for in order
    function blockOf(i) {
      if (i >= firsts[last] && i < firsts[last + 1]) { return last; }
      var lo = 0, hi = texts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (firsts[mid] <= i) { lo = mid; } else { hi = mid - 1; }
      }
      last = lo;
      return lo;
    }
    return { length: row, texts: texts, firsts: firsts, offsets: offsets, starts: starts, sizes: sizes, ages: ages,
      key: function (i) {
        var b = blockOf(i);
        return texts[b].slice(starts[i] - offsets[b], starts[i + 1] - offsets[b]);
      },
      sizeInBytes: function (i) { return exactSizes.size > 0 && exactSizes.has(i) ? exactSizes.get(i) : String(sizes[i]); } };
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
        size.title = list.sizeInBytes(r) + ' bytes';
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

    // Which rows hold the search text: a pass of indexOf over each block's keys lowercased at once.
    var lowered = []; // per block: its keys lowercased, or null where that is not each key's own lower case
    function loweredBlock(b) {
      if (lowered[b] === undefined) {
        var text = list.texts[b], low = text.toLowerCase();
        // A key whose lower case is longer, or a capital sigma, whose lower case depends on what
        // follows it (final or not), which is the next key here: that block goes a key at a time.
        lowered[b] = low.length !== text.length || text.indexOf('\u03a3') >= 0 ? null : low;
      }
      return lowered[b];
    }
    function matching(q) {
      var hit = new Uint8Array(list.length), starts = list.starts;
      for (var b = 0; b < list.texts.length; b++) {
        var first = list.firsts[b], end = list.firsts[b + 1], offset = list.offsets[b], low = loweredBlock(b);
        if (low === null) {
          for (var i = first; i < end; i++) { hit[i] = list.key(i).toLowerCase().indexOf(q) >= 0 ? 1 : 0; }
          continue;
        }
        var row = first, at = low.indexOf(q);
        while (at >= 0) {
          while (starts[row + 1] - offset <= at) { row++; }
          if (at + q.length <= starts[row + 1] - offset) { // within the key, not across into the next
            hit[row] = 1;
            at = low.indexOf(q, starts[row + 1] - offset);
          } else {
            at = low.indexOf(q, at + 1);
          }
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
        var keys = new Array(n), starts = list.starts;
        for (var block = 0; block < list.texts.length; block++) { // block by block: no look-up of each row's block
          var text = list.texts[block], offset = list.offsets[block];
          for (var j = list.firsts[block]; j < list.firsts[block + 1]; j++) { keys[j] = text.slice(starts[j] - offset, starts[j + 1] - offset); }
        }
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
