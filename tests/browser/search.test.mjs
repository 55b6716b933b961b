// The search page in a real browser: Debian's Chromium, driven by playwright-core.
// scripts/test-browser.sh starts `dsearch serve` over the corpus and extra.jsonl and
// runs this file with DSEARCH_URL (the server) and SCREENSHOT_DIR (where to save PNGs).
// Every test fails on a JavaScript error, a console error or a failed request.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.DSEARCH_URL;
const SHOTS = process.env.SCREENSHOT_DIR || 'target/browser';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(BASE, 'DSEARCH_URL must name the server, e.g. http://127.0.0.1:7700');

let profile;
let context;
let page;
let problems;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'dsearch-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1024, height: 900 },
    locale: 'en-US',
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

beforeEach(async () => {
  problems = [];
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
});

afterEach(async () => {
  await page.close();
  assert.deepEqual(problems, [], 'no JavaScript errors, console errors or failed requests');
});

/** Waits for the results of the search under way. */
async function results() {
  await page.waitForFunction(() => {
    const s = document.getElementById('status').textContent;
    return s && s !== 'Searching…';
  });
  return page.$$eval('#results li.hit', (items) => items.map((li) => ({
    lang: li.dataset.lang,
    titleLang: li.querySelector('h2').getAttribute('lang'),
    title: li.querySelector('h2').textContent,
    link: li.querySelector('h2 a')?.getAttribute('href') ?? null,
    marks: Array.from(li.querySelectorAll('.snippet mark'), (m) => m.textContent),
    snippet: li.querySelector('.snippet').textContent,
    partial: li.querySelector('.partial')?.textContent ?? null,
    words: li.querySelector('.words')?.textContent ?? null,
    where: li.querySelector('.where').textContent,
  })));
}

const status = () => page.textContent('#status');
const query = () => new URL(page.url()).searchParams;

describe('search page', () => {
  test('typing a query and Enter shows highlighted hits and updates the address', async () => {
    await page.goto(BASE + '/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'the box has the focus');
    await page.keyboard.type('khoang san xanh');
    await page.keyboard.press('Enter');
    const hits = await results();
    assert.ok(hits.length >= 3, JSON.stringify(hits));
    assert.match(await status(), /^Results 1–\d+ of \d+ · [\d.]+ ms$/);
    const top = hits[0];
    assert.equal(top.titleLang, 'vi');
    assert.ok(top.marks.some((m) => m.toLowerCase() === 'khoáng'), JSON.stringify(top));
    assert.ok(top.marks.every((m) => top.snippet.includes(m)));
    assert.ok(hits.some((h) => h.where.startsWith('docs/')), 'paths relative to the index root');
    assert.equal(query().get('q'), 'khoang san xanh', 'the address holds the query');
  });

  test('a shared link runs its query on load, in Chinese and Japanese', async () => {
    await page.goto(BASE + '/?q=' + encodeURIComponent('绿色矿产'));
    assert.equal(await page.inputValue('#q'), '绿色矿产');
    const zh = await results();
    const tw = zh.find((h) => h.title === '綠色礦產合作');
    assert.ok(tw, JSON.stringify(zh));
    assert.equal(tw.marks[0], '綠色礦產', 'simplified finds traditional, highlighted as written');
    assert.equal(tw.titleLang, 'zh');
    assert.equal(tw.link, 'https://example.org/zh/mineral');

    await page.goto(BASE + '/?q=' + encodeURIComponent('関西国際空港'));
    const ja = await results();
    assert.equal(ja[0].titleLang, 'ja');
    assert.ok(ja[0].marks.includes('関西国際空港') || ja[0].marks.includes('空港'), JSON.stringify(ja[0]));
  });

  test('the language filter keeps one language and is remembered in the address', async () => {
    await page.goto(BASE + '/?q=' + encodeURIComponent('khoáng OR 礦產 OR 鉱物'));
    const all = await results();
    assert.deepEqual([...new Set(all.map((h) => h.lang))].sort(), ['ja', 'vi', 'zh']);
    await page.selectOption('#lang', 'ja');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'ja');
    const ja = await results();
    assert.ok(ja.length > 0);
    assert.deepEqual([...new Set(ja.map((h) => h.lang))], ['ja']);
    // The option labels carry the counts from /stats.
    assert.match(await page.textContent('#lang option[value="ja"]'), /^日本語 \(\d+\)$/);
  });

  test('pages go forward and back', async () => {
    await page.goto(BASE + '/?q=' + encodeURIComponent('Trung Quốc') + '&limit=2');
    let hits = await results();
    assert.equal(hits.length, 2);
    assert.match(await status(), /^Results 1–2 of \d+/);
    assert.ok(await page.isVisible('#pager'));
    assert.ok(await page.isDisabled('#prev'));
    const first = hits.map((h) => h.title);
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Results 3–'));
    hits = await results();
    assert.equal(query().get('offset'), '2');
    assert.ok(hits.every((h) => !first.includes(h.title)), 'the second page shows other hits');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results', 'focus moves to the results');
    await page.click('#prev');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Results 1–2'));
    assert.equal(query().get('offset'), null);
  });

  test('a page full of hits with every word offers the hits with fewer after it', async () => {
    const q = 'khoáng sản xanh';
    const api = await (await fetch(BASE + '/search?limit=100&q=' + encodeURIComponent(q))).json();
    const every = api.hits.filter((h) => h.matched_words === h.query_words).length;
    assert.ok(every > 0 && api.hits.length > every, `hits with every word first, then fewer: ${every} of ${api.hits.length}`);
    await page.goto(BASE + '/?q=' + encodeURIComponent(q) + '&limit=' + every);
    const hits = await results();
    assert.equal(hits.length, every);
    assert.ok(!(await page.isDisabled('#next')), 'the next page holds hits with fewer words');
    await page.click('#next');
    await page.waitForFunction((n) => document.getElementById('status').textContent.startsWith(`Results ${n + 1}–`), every);
    const more = await results();
    assert.ok(more.length > 0 && more.every((h) => h.partial), 'hits with fewer words');
  });

  test('hits with part of the query say how many words they hold', async () => {
    await page.goto(BASE + '/?q=' + encodeURIComponent('khoáng sản qqqzzz'));
    const hits = await results();
    assert.ok(hits.length > 0);
    assert.equal(hits[0].partial, '1 of 2 words (missing: qqqzzz)');
    assert.ok(await page.isHidden('#pager'), 'one page: no pager');
  });

  test('a word held only with other diacritics is named apart from the missing ones', async () => {
    // corpus/003 says `khoảng` (a gap), not `khoáng`, and not `sản xanh`.
    await page.goto(BASE + '/?q=' + encodeURIComponent('khoáng sản xanh'));
    const hits = await results();
    assert.equal(hits[0].partial, null, 'the best hits hold every word');
    assert.equal(hits[0].words, '2 of 2 words', 'and say so');
    const other = hits.filter((h) => h.partial?.includes('other diacritics'));
    assert.deepEqual(other.map((h) => h.partial),
      ['0 of 2 words (missing: sản xanh; with other diacritics: khoáng)']);
  });

  test('a word whose syllables a page holds only apart says so', async () => {
    await page.goto(BASE + '/?q=' + encodeURIComponent('lưu tệp'));
    const hits = await results();
    assert.deepEqual(hits.map((h) => h.partial), [null, '0 of 1 words (syllables apart: lưu tệp)']);
  });

  test('markup in documents is shown as text and unsafe links are not links', async () => {
    await page.goto(BASE + '/?q=zzmarkup');
    const hits = await results();
    assert.equal(hits.length, 1);
    assert.ok(hits[0].title.startsWith('<img src=x onerror=alert(1)>'), hits[0].title);
    assert.equal(hits[0].link, null, 'a javascript: URL is not a link');
    assert.ok(hits[0].snippet.includes('<b>thẻ HTML</b>'));
    assert.equal(await page.$$eval('#results img, #results script, #results b', (e) => e.length), 0);
  });

  test('the keyboard reaches every control and the results', async () => {
    await page.goto(BASE + '/?q=' + encodeURIComponent('hợp tác khoáng sản'));
    await results();
    await page.focus('#q');
    const order = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => {
        const e = document.activeElement;
        return e.id || (e.closest('#results') ? 'result-link' : e.tagName);
      }));
    }
    assert.deepEqual(order, ['lang', 'go', 'result-link']);
    // A visible focus ring on the link.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
    // "/" brings the focus back to the box.
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    // Labels name the controls.
    assert.equal(await page.textContent('label[for=q]'), 'Search');
    assert.equal(await page.textContent('label[for=lang]'), 'Language');
  });

  test('screenshots of Vietnamese, Chinese and Japanese results', async () => {
    await page.goto(BASE + '/?q=' + encodeURIComponent('hợp tác khoáng sản OR 礦產合作 OR 鉱物資源'));
    const hits = await results();
    assert.deepEqual([...new Set(hits.map((h) => h.lang))].sort(), ['ja', 'vi', 'zh']);
    await page.screenshot({ path: join(SHOTS, 'search.png'), fullPage: true });
    await page.goto(BASE + '/?q=' + encodeURIComponent('空港') + '&lang=ja');
    await results();
    await page.screenshot({ path: join(SHOTS, 'search-ja.png'), fullPage: true });
  });
});
