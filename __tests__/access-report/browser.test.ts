import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml } from '../../src/app/report';
import { Browser, chromiumAvailable, CHROMIUM } from './chromium';
import { EXAMPLE, exampleDrift, overGrantDrift, reportOf, testOutputDir } from './build';
import { largeYaml, REPORT_YAML, XSS_FLOW } from './fixtures';

/**
 * The page as a reviewer sees it: rendered by headless Chromium at 1280x800, measured through the
 * DevTools protocol, screenshotted into the test output. In CI Chromium must be there (.ci/run
 * installs it, and sets WF_SCOPES_REQUIRE_CHROMIUM); on a developer machine without it the test says so
 * and skips.
 */
const inCi = Boolean(process.env.CI || process.env.WF_SCOPES_REQUIRE_CHROMIUM);
const available = chromiumAvailable();
if (!available && !inCi) {
  // eslint-disable-next-line no-console
  console.warn(`access-report browser test skipped: ${CHROMIUM} is missing (apt-get install chromium; CI installs it and fails without it)`);
}
const maybe = available || inCi ? describe : describe.skip;

interface Measure {
  docScrollWidth: number;
  docClientWidth: number;
  matrix: { top: number; left: number; width: number; height: number; clientHeight: number; scrollHeight: number; clientWidth: number; scrollWidth: number } | null;
  /** The first marked cell is the topmost element at its own centre: drawn and not covered. */
  cellVisible: boolean;
  /** After scrolling the matrix down, its header row is still at the matrix's top edge. */
  headerStuck: boolean;
  /** After scrolling the matrix right, the flow-name column is still at its left edge. */
  firstColumnStuck: boolean;
  images: number;
  scripts: number;
  title: string;
  bodyText: string;
}

const MEASURE = `(async () => {
  const root = document.documentElement;
  const wrap = document.querySelector('.matrix-wrap');
  const out = { docScrollWidth: root.scrollWidth, docClientWidth: root.clientWidth, matrix: null, cellVisible: false, headerStuck: false, firstColumnStuck: false,
    images: document.querySelectorAll('img, svg, iframe, object, embed').length, scripts: [...document.scripts].filter((s) => s.type !== 'application/json').length, title: document.title, bodyText: document.body.innerText };
  if (!wrap) return out;
  wrap.scrollIntoView({ block: 'start' });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const rect = wrap.getBoundingClientRect();
  out.matrix = { top: rect.top, left: rect.left, width: rect.width, height: rect.height, clientHeight: wrap.clientHeight, scrollHeight: wrap.scrollHeight, clientWidth: wrap.clientWidth, scrollWidth: wrap.scrollWidth };
  const cell = wrap.querySelector('tbody td[class]');
  if (cell) {
    const c = cell.getBoundingClientRect();
    out.cellVisible = c.width > 0 && c.height > 0 && document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2) === cell;
  }
  const head = wrap.querySelector('thead th.scope');
  const rowHead = wrap.querySelector('tbody th');
  wrap.scrollTop = wrap.scrollHeight;
  wrap.scrollLeft = wrap.scrollWidth;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const w = wrap.getBoundingClientRect();
  out.headerStuck = wrap.scrollTop > 0 ? Math.abs(head.getBoundingClientRect().top - w.top) <= 2 : true;
  out.firstColumnStuck = wrap.scrollLeft > 0 ? Math.abs(rowHead.getBoundingClientRect().left - w.left) <= 2 : true;
  wrap.scrollTop = 0;
  wrap.scrollLeft = 0;
  return out;
})()`;

maybe('access report in headless Chromium (1280x800)', () => {
  let browser: Browser;
  const out = testOutputDir();

  beforeAll(async () => {
    browser = await Browser.launch();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function view(name: string, html: string): Promise<Measure> {
    const file = join(out, `${name}.html`);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const before = browser.requests.length;
    const errorsBefore = browser.consoleErrors.length;
    const session = await browser.open(url);
    writeFileSync(join(out, `${name}.png`), await browser.screenshot(session));
    const m = await browser.evaluate<Measure>(session, MEASURE);
    // The measurement scrolled the matrix into view: that is the second picture.
    await browser.evaluate(session, `document.querySelector('.matrix-wrap')?.scrollIntoView({block:'start'}) ?? null`);
    writeFileSync(join(out, `${name}-matrix.png`), await browser.screenshot(session));
    // The page asked for nothing but itself, and our inline style and script passed its own CSP.
    expect(browser.requests.slice(before)).toEqual([url]);
    expect(browser.consoleErrors.slice(errorsBefore)).toEqual([]);
    return m;
  }

  test('the shipped example with a drift result: no horizontal overflow, the matrix is visible', async () => {
    const m = await view('example-with-drift', renderHtml(reportOf(EXAMPLE, { drift: exampleDrift() })));
    expect(m.docScrollWidth).toBeLessThanOrEqual(m.docClientWidth);
    expect(m.matrix).not.toBeNull();
    expect(m.matrix!.width).toBeGreaterThan(200);
    expect(m.matrix!.height).toBeGreaterThan(100);
    expect(m.matrix!.top).toBeGreaterThan(-1); // scrolled to its top, give or take a subpixel
    expect(m.matrix!.top + m.matrix!.height).toBeLessThanOrEqual(800);
    expect(m.cellVisible).toBe(true);
    expect(m.bodyText).toContain('Missing: granted by the declaration but not by the org');
    expect(m.bodyText).toContain('okta.roles.manage');
  }, 60_000);

  test('the decision block is above the fold at 1280x800: an undeclared high-risk grant and a revoked okta.realms.read, and what approving grants and revokes', async () => {
    const file = join(out, 'decision.html');
    writeFileSync(file, renderHtml(reportOf(EXAMPLE, { drift: overGrantDrift(), orgs: ['preview'] })));
    const session = await browser.open(pathToFileURL(file).href);
    writeFileSync(join(out, 'decision-top.png'), await browser.screenshot(session));
    const seen = await browser.evaluate<{ bottom: number; scrollY: number; lead: string; items: string[]; signoffTop: number }>(
      session,
      `(() => {
        const block = document.querySelector('section.decision');
        const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.bottom <= innerHeight && r.top >= 0; };
        return {
          bottom: block.getBoundingClientRect().bottom,
          scrollY: window.scrollY,
          lead: block.querySelector('.lead').innerText,
          items: [...block.querySelectorAll('li[data-scope], .undeclared, .lead-item')].filter(visible).map((e) => e.innerText.replace(/\\s+/g, ' ')),
          signoffTop: document.querySelector('section.signoff').getBoundingClientRect().top,
        };
      })()`,
    );
    expect(seen.scrollY).toBe(0);
    expect(seen.bottom).toBeLessThanOrEqual(800);
    expect(seen.signoffTop).toBeLessThan(800);
    expect(seen.lead).toBe('Approving grants 1 and revokes 2: 2 high risk, 1 connection default.');
    expect(seen.items.some((t) => t.startsWith('Revokes the connection default okta.realms.read'))).toBe(true);
    expect(seen.items.some((t) => t.startsWith('okta.roles.manage (not declared'))).toBe(true);
    // Every item the block grants and revokes is on screen.
    expect(seen.items.filter((t) => / (high|medium|low)\b/.test(t))).toEqual(['okta.groups.manage high', 'okta.realms.read low connection default of Okta Realms', 'okta.roles.manage high']);
  }, 60_000);

  test('200 flows x 41 scopes: the matrix scrolls inside itself with sticky headers, the page does not scroll sideways', async () => {
    const m = await view('200-flows', renderHtml(reportOf(largeYaml(200, 10))));
    expect(m.docScrollWidth).toBeLessThanOrEqual(m.docClientWidth);
    expect(m.matrix).not.toBeNull();
    const x = m.matrix!;
    // Bounded to the viewport and scrolling within itself, both ways.
    expect(x.height).toBeLessThanOrEqual(800 * 0.7 + 2);
    expect(x.scrollHeight).toBeGreaterThan(x.clientHeight * 3);
    expect(x.width).toBeLessThanOrEqual(1280);
    expect(x.scrollWidth).toBeGreaterThan(x.clientWidth);
    expect(m.cellVisible).toBe(true);
    expect(m.headerStuck).toBe(true);
    expect(m.firstColumnStuck).toBe(true);
  }, 60_000);

  test('printed, the whole matrix is on paper (not cut at the screen height) and folded lists unfold', async () => {
    const file = join(out, '200-flows.html');
    let session = await browser.open(pathToFileURL(file).href);
    await browser.send('Emulation.setEmulatedMedia', { media: 'print' }, session);
    const clipped = await browser.evaluate<{ hidden: number; wrap: number; scroll: number }>(
      session,
      `(() => { const w = document.querySelector('.matrix-wrap'); return { hidden: w.scrollHeight - w.clientHeight, wrap: w.clientHeight, scroll: w.scrollHeight }; })()`,
    );
    expect(clipped.hidden).toBeLessThanOrEqual(1);
    expect(clipped.wrap).toBeGreaterThan(200 * 20);

    // A PDF of a smaller page (printing 200 flows takes long): its folded lists unfold for print.
    const small = join(out, '30-flows.html');
    writeFileSync(small, renderHtml(reportOf(largeYaml(30, 10))));
    session = await browser.open(pathToFileURL(small).href);
    const { data } = (await browser.send('Page.printToPDF', { landscape: true, printBackground: true, preferCSSPageSize: true }, session)) as { data: string };
    const pdf = Buffer.from(data, 'base64');
    writeFileSync(join(out, '30-flows.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The print handler opened every folded list, so the PDF holds every flow behind every scope.
    expect(await browser.evaluate<number>(session, `document.querySelectorAll('details:not([open])').length`)).toBe(0);
    expect(await browser.evaluate<number>(session, `document.querySelectorAll('details').length`)).toBeGreaterThan(0);
  }, 60_000);

  test('hostile names render as text: no element, no script, no request comes from them', async () => {
    const m = await view('hostile-names', renderHtml(reportOf(REPORT_YAML)));
    expect(m.images).toBe(0);
    expect(m.scripts).toBe(1);
    expect(m.title).toMatch(/^Okta Workflows OAuth access review/);
    expect(m.bodyText).toContain(XSS_FLOW);
    expect(m.docScrollWidth).toBeLessThanOrEqual(m.docClientWidth);
  }, 60_000);
});
