// dsearch search page: reads /?q=&lang=&offset=&limit=, asks /search, and draws the
// hits. Text from the index only ever goes into the page as text nodes (textContent,
// never innerHTML); highlights are <mark> elements built from character ranges.
'use strict';

(() => {
  const DEFAULT_LIMIT = 10;
  const NAMES = { vi: 'Tiếng Việt', zh: '中文', ja: '日本語', en: 'English' };
  const $ = (id) => document.getElementById(id);
  const form = $('search');
  const input = $('q');
  const langSelect = $('lang');
  const status = $('status');
  const warnings = $('warnings');
  const results = $('results');
  const pager = $('pager');
  const prev = $('prev');
  const next = $('next');
  const pageLabel = $('page');
  const about = $('about');

  /** The search shown: {q, lang, offset, limit}. */
  let current = null;
  /** Answers to older requests are dropped. */
  let sequence = 0;

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) e.setAttribute(k, v);
    }
    e.append(...children.filter((c) => c !== null && c !== undefined));
    return e;
  }

  /** A language code fit for a lang attribute, else null. */
  function langTag(code) {
    return typeof code === 'string' && /^[a-z]{2,3}$/.test(code) && code !== 'und' ? code : null;
  }

  /** An http(s) URL, else null (no javascript: or data: links from the index). */
  function safeUrl(url) {
    if (typeof url !== 'string') return null;
    try {
      const u = new URL(url);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
      return null;
    }
  }

  /** The snippet with <mark> around each highlight; ranges count Unicode code points. */
  function highlighted(text, ranges) {
    const chars = Array.from(text);
    const out = document.createDocumentFragment();
    let at = 0;
    for (const range of Array.isArray(ranges) ? ranges : []) {
      const [start, end] = range;
      if (!Number.isInteger(start) || !Number.isInteger(end)) continue;
      if (start < at || end <= start || end > chars.length) continue;
      if (start > at) out.append(chars.slice(at, start).join(''));
      out.append(el('mark', null, chars.slice(start, end).join('')));
      at = end;
    }
    if (at < chars.length) out.append(chars.slice(at).join(''));
    return out;
  }

  function hitItem(hit) {
    const lang = langTag(hit.lang);
    const url = safeUrl(hit.url);
    const titleText = hit.title || hit.id || hit.path || '(untitled)';
    const title = el('h2', { lang }, url ? el('a', { href: url, rel: 'noopener noreferrer' }, titleText) : titleText);
    const meta = el('p', { class: 'meta' },
      el('span', { class: 'lang-code', title: 'language' }, hit.lang || 'und'),
      el('span', { class: 'where' }, hit.url || hit.path || (hit.id ? '#' + hit.id : '')));
    // Every hit says how many of the query's content words it holds (rule 1); one
    // that lacks some is marked partial and names them.
    if (hit.query_words > 0) {
      const partial = hit.matched_words < hit.query_words;
      let missing = '';
      if (partial) {
        const other = Array.isArray(hit.other_forms) ? hit.other_forms : [];
        const apart = Array.isArray(hit.apart) ? hit.apart : [];
        const absent = (Array.isArray(hit.missing) ? hit.missing : [])
          .filter((m) => !other.includes(m) && !apart.includes(m));
        const parts = [];
        if (absent.length) parts.push('missing: ' + absent.join(', '));
        if (other.length) parts.push('with other diacritics: ' + other.join(', '));
        if (apart.length) parts.push('syllables apart: ' + apart.join(', '));
        missing = parts.length ? ' (' + parts.join('; ') + ')' : '';
      }
      meta.append(el('span', { class: partial ? 'words partial' : 'words' },
        `${hit.matched_words} of ${hit.query_words} words${missing}`));
    }
    const snippet = el('p', { class: 'snippet', lang }, highlighted(hit.snippet || '', hit.highlights_chars));
    return el('li', { class: 'hit', 'data-lang': hit.lang || 'und' }, title, meta, snippet);
  }

  function showStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function showWarnings(list) {
    warnings.replaceChildren(...(list || []).map((w) => el('li', null, w)));
    warnings.hidden = !list || list.length === 0;
  }

  function clearResults() {
    results.replaceChildren();
    pager.hidden = true;
    showWarnings([]);
  }

  /** Puts the search in the address bar, so the page can be shared or reloaded. */
  function remember(s) {
    const params = new URLSearchParams();
    if (s.q) params.set('q', s.q);
    if (s.lang) params.set('lang', s.lang);
    if (s.offset > 0) params.set('offset', String(s.offset));
    if (s.limit !== DEFAULT_LIMIT) params.set('limit', String(s.limit));
    const query = params.toString();
    history.replaceState(null, '', query ? '/?' + query : '/');
  }

  async function search(s, focusResults) {
    current = s;
    remember(s);
    if (!s.q.trim()) {
      clearResults();
      showStatus('');
      return;
    }
    const mine = ++sequence;
    const params = new URLSearchParams({ q: s.q, limit: String(s.limit), offset: String(s.offset) });
    if (s.lang) params.set('lang', s.lang);
    showStatus('Searching…');
    let body;
    try {
      const response = await fetch('/search?' + params, { headers: { Accept: 'application/json' } });
      body = await response.json();
      if (!response.ok) throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    } catch (e) {
      if (mine !== sequence) return;
      clearResults();
      showStatus('Error: ' + (e && e.message ? e.message : String(e)), true);
      return;
    }
    if (mine !== sequence) return;
    draw(s, body, focusResults);
  }

  function draw(s, body, focusResults) {
    const hits = Array.isArray(body.hits) ? body.hits : [];
    results.replaceChildren(...hits.map(hitItem));
    showWarnings(body.warnings);
    const took = typeof body.took_ms === 'number' ? ` · ${body.took_ms.toFixed(1)} ms` : '';
    // `total` counts the documents of the last tier searched (every word, when they
    // fill the page): a full page may have more hits after it, in lower tiers, so it
    // always offers the next page, and says "of N" only when N is the count.
    const last = s.offset + hits.length;
    const full = hits.length === s.limit;
    const counted = last < body.total || !full;
    if (hits.length === 0) {
      showStatus(s.offset > 0 ? 'No more results.' : `No results for “${s.q}”.`);
    } else {
      const of = counted ? ` of ${Math.max(body.total, last)}` : '';
      showStatus(`Results ${s.offset + 1}–${last}${of}${took}`);
    }
    const hasPrev = s.offset > 0;
    const hasNext = last < body.total || full;
    prev.disabled = !hasPrev;
    next.disabled = !hasNext;
    pageLabel.textContent = `Page ${Math.floor(s.offset / s.limit) + 1}`;
    pager.hidden = !(hasPrev || hasNext);
    if (focusResults) results.focus();
  }

  function fromForm(offset) {
    return {
      q: input.value,
      lang: langSelect.value,
      offset,
      limit: current ? current.limit : DEFAULT_LIMIT,
    };
  }

  /** A language option, added when the select does not have it yet. */
  function ensureOption(code, count) {
    let option = Array.from(langSelect.options).find((o) => o.value === code);
    if (!option) {
      option = el('option', { value: code, lang: langTag(code) });
      langSelect.append(option);
    }
    const name = NAMES[code] || code;
    option.textContent = count === undefined ? name : `${name} (${count})`;
  }

  async function loadStats() {
    try {
      const response = await fetch('/stats', { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const stats = await response.json();
      for (const [code, count] of Object.entries(stats.languages || {})) ensureOption(code, count);
      const when = stats.last_commit ? new Date(stats.last_commit * 1000).toLocaleString() : 'never';
      about.textContent = `${stats.documents} documents · last commit ${when}`;
    } catch {
      // The counts are a nicety; the page works without them.
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search(fromForm(0), false);
  });
  langSelect.addEventListener('change', () => {
    if (input.value.trim()) search(fromForm(0), false);
  });
  prev.addEventListener('click', () => {
    if (current) search({ ...current, offset: Math.max(0, current.offset - current.limit) }, true);
  });
  next.addEventListener('click', () => {
    if (current) search({ ...current, offset: current.offset + current.limit }, true);
  });
  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  // The address bar's search runs on load: /?q=… is a link to its results.
  const params = new URLSearchParams(location.search);
  const wanted = {
    q: params.get('q') || '',
    lang: params.get('lang') || '',
    offset: Math.max(0, parseInt(params.get('offset') || '0', 10) || 0),
    limit: Math.min(100, Math.max(1, parseInt(params.get('limit') || '', 10) || DEFAULT_LIMIT)),
  };
  input.value = wanted.q;
  if (langTag(wanted.lang)) {
    ensureOption(wanted.lang);
    langSelect.value = wanted.lang;
  } else {
    wanted.lang = '';
  }
  loadStats();
  if (wanted.q.trim()) search(wanted, false);
})();
