// Client-side search over window.SITE_SEARCH_INDEX (search-index.js): every query word must
// occur in an entry; an exact behavior ID comes first, then titles that contain the query.
// Queries are folded like the index (scripts/docs-site/search.ts: fold): lower case, no accents.
(function () {
  'use strict';
  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  var index = window.SITE_SEARCH_INDEX || [];
  var root = document.documentElement.getAttribute('data-root') || '';
  var LIMIT = 30;
  var KIND_ORDER = { behavior: 0, feature: 1, scenario: 2, section: 3 };
  if (!input || !list) return;

  function fold(text) {
    return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  }

  function rank(entry, query) {
    if (entry.id && fold(entry.id) === query) return 0;
    return fold(entry.title).indexOf(query) >= 0 ? 1 : 2;
  }

  function search(raw) {
    var query = fold(raw);
    if (query === '') return [];
    var words = query.split(' ');
    var hits = [];
    index.forEach(function (entry, i) {
      for (var w = 0; w < words.length; w++) if (entry.x.indexOf(words[w]) < 0) return;
      hits.push({ entry: entry, rank: rank(entry, query), kind: KIND_ORDER[entry.kind], i: i });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || a.kind - b.kind || a.i - b.i; });
    return hits.map(function (h) { return h.entry; });
  }

  function show() {
    var hits = search(input.value);
    list.textContent = '';
    list.hidden = input.value.trim() === '';
    if (list.hidden) return;
    if (hits.length === 0) {
      var none = document.createElement('li');
      none.className = 'none';
      none.textContent = 'Nothing found';
      list.appendChild(none);
      return;
    }
    hits.slice(0, LIMIT).forEach(function (entry) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = root + entry.url;
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = entry.kind;
      var title = document.createElement('span');
      title.className = 'title';
      title.textContent = entry.title;
      var context = document.createElement('span');
      context.className = 'context';
      context.textContent = entry.context;
      link.append(kind, title, context);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (hits.length > LIMIT) {
      var more = document.createElement('li');
      more.className = 'none';
      more.textContent = (hits.length - LIMIT) + ' more: refine the search';
      list.appendChild(more);
    }
  }

  input.addEventListener('input', show);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      input.value = '';
      show();
    } else if (e.key === 'Enter') {
      var first = list.querySelector('a');
      if (first) first.click();
    }
  });
})();
