// The web workplace in a real browser: Debian's /usr/bin/chromium driven by playwright-core
// (never a downloaded browser). Called by browser_e2e.py with a running server and a plan.
//   node browser.js <base url> <artefact dir> <plan.json>
// plan.json: {password, month, municipality, activity, occurrence, indicator, file}
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, out, planFile] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
fs.mkdirSync(out, { recursive: true });

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

// One browser profile (a fresh user-data-dir); each user starts without cookies.
async function session(context, login) {
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', plan.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(!page.url().includes('/login'), login + ': login failed at ' + page.url());
  return { context: { close: () => page.close() }, page };
}

// Every chart image of the page loaded and decoded (an SVG the browser could not parse, or a
// refused request, has naturalWidth 0); returns how many there are.
async function chartsLoaded(page, what) {
  const charts = await page.$$eval('figure.chart img', (imgs) => Promise.all(imgs.map((img) =>
    (img.complete ? Promise.resolve() : new Promise((r) => { img.onload = r; img.onerror = r; }))
      .then(() => ({ src: img.getAttribute('src'), width: img.naturalWidth })))));
  check(charts.length > 0, what + ': no chart images on the page');
  for (const c of charts) check(c.width > 0, what + ': the chart ' + c.src + ' did not load');
  return charts.length;
}

async function indicatorText(page) {
  await page.goto(`${base}/t/${plan.municipality}/indicators?month=${plan.month}`);
  return page.textContent(`tr[data-indicator="${plan.indicator}"] td.value`);
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'opora-chromium-'));
  // A fresh profile, no network beyond loopback, nothing phoning home.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1366, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // Чебаркуль's methodologist records progress with evidence and a file.
    const m = await session(browser, 'metod-chebarkul');
    const before = await indicatorText(m.page);
    await m.page.goto(`${base}/t/${plan.municipality}/month?month=${plan.month}`);
    const dueBefore = await m.page.textContent('#done');
    await chartsLoaded(m.page, 'month');
    await m.page.screenshot({ path: path.join(out, '01-month.png'), fullPage: true });
    await m.page.goto(`${base}/activity/${plan.activity}`);
    await m.page.selectOption('select[name=occurrence]', String(plan.occurrence));
    await m.page.selectOption('#progress-form select[name=status]', 'done');
    await m.page.fill('#progress-form input[name=date]', plan.date);
    await m.page.fill('#progress-form input[name=evidence]', 'Приказ №7 <b>жирный</b>');
    await m.page.setInputFiles('#progress-form input[name=file]', plan.file);
    await m.page.screenshot({ path: path.join(out, '02-form.png'), fullPage: true });
    await Promise.all([m.page.waitForNavigation(), m.page.click('#progress-form button[type=submit]')]);
    check(await m.page.isVisible('#recorded'), 'no confirmation after recording: ' + (await m.page.textContent('main')));
    const mark = await m.page.getAttribute(`#occ-${plan.occurrence} .mark`, 'data-mark');
    check(mark === 'done' || mark === 'done_late', 'occurrence status after recording: ' + mark);
    check((await m.page.content()).includes('Приказ №7 &lt;b&gt;жирный&lt;/b&gt;'), 'evidence not shown escaped');
    check(await m.page.isVisible('text=' + path.basename(plan.file)), 'attached file not listed');
    await m.page.screenshot({ path: path.join(out, '03-recorded.png'), fullPage: true });
    const after = await indicatorText(m.page);
    await chartsLoaded(m.page, 'indicators');
    await m.page.screenshot({ path: path.join(out, '04-indicators.png'), fullPage: true });
    check(before !== after, `indicator ${plan.indicator} did not change: ${before} → ${after}`);
    await m.page.goto(`${base}/t/${plan.municipality}/month?month=${plan.month}`);
    const dueAfter = await m.page.textContent('#done');
    // The month's done count moves when the occurrence is due in the month; it never drops.
    check(Number(dueAfter) >= Number(dueBefore), `done went down: ${dueBefore} → ${dueAfter}`);
    // The XLSX report, downloaded through the page.
    await m.page.goto(`${base}/t/${plan.municipality}/reports?month=${plan.month}`);
    const [download] = await Promise.all([m.page.waitForEvent('download'), m.page.click('#report-xlsx')]);
    await download.saveAs(path.join(out, 'report.xlsx'));
    await m.context.close();

    // Зима's methodologist is refused Чебаркуль's pages.
    const z = await session(browser, 'metod-zima');
    const resp = await z.page.goto(`${base}/t/${plan.municipality}/month`);
    check(resp.status() === 403, 'zima saw Чебаркуль: ' + resp.status());
    check((await z.page.textContent('h1')).includes('Доступ запрещён'), 'no refusal text');
    await z.page.screenshot({ path: path.join(out, '05-refused.png'), fullPage: true });
    await z.context.close();

    // The Челябинская analyst sees Чебаркуль in the scorecard.
    const a = await session(browser, 'analyst-chelyabinsk');
    await a.page.goto(`${base}/t/chelyabinsk/scorecard?month=${plan.month}`);
    check(await a.page.isVisible(`tr[data-territory="${plan.municipality}"]`), 'Чебаркуль not in the scorecard');
    await chartsLoaded(a.page, 'scorecard');
    await a.page.screenshot({ path: path.join(out, '06-scorecard.png'), fullPage: true });
    await a.page.emulateMedia({ media: 'print' });
    await a.page.screenshot({ path: path.join(out, '07-scorecard-print.png'), fullPage: true });
    await a.page.emulateMedia({ media: 'screen' });
    // The analyst compares this year's identification with last year's.
    await a.page.goto(`${base}/t/chelyabinsk/identification?year=${plan.identify_year}`);
    check(await a.page.isVisible('#compare'), 'no comparison with last year on the identification page');
    const heading = await a.page.textContent('#compare');
    check(heading.includes(String(plan.identify_year - 1)), 'the comparison does not name last year: ' + heading);
    const rows = await a.page.$$eval('#categories tbody tr', (trs) => trs.map((tr) =>
      [tr.dataset.category, tr.querySelector('.entered').textContent, tr.querySelector('.left').textContent,
       tr.querySelector('.stayed').textContent]));
    check(JSON.stringify(rows) === JSON.stringify(plan.compare_counts),
          'comparison counts ' + JSON.stringify(rows) + ' differ from the API ' + JSON.stringify(plan.compare_counts));
    await chartsLoaded(a.page, 'identification');
    await a.page.screenshot({ path: path.join(out, '08-identification-compare.png'), fullPage: true });
    await (await a.page.$('#categories')).screenshot({ path: path.join(out, '08b-compare-categories.png') });
    await (await a.page.$('section.category-change')).screenshot({ path: path.join(out, '08c-compare-first-category.png') });
    // A laptop screen: 1366×768, the scorecard without a horizontal scroll of the whole page.
    await a.page.setViewportSize({ width: 1366, height: 768 });
    await a.page.goto(`${base}/t/chelyabinsk/scorecard?month=${plan.month}`);
    const overflow = await a.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, 'the scorecard is wider than a 1366 px screen by ' + overflow + ' px');
    await a.page.screenshot({ path: path.join(out, '09-scorecard-1366x768.png') });
    // The other pages an analyst works on fit the laptop screen too.
    for (const p of [`/t/chelyabinsk/identification?year=${plan.identify_year}`,
                     `/t/${plan.municipality}/indicators?month=${plan.month}`,
                     `/activity/${plan.activity}`, `/t/${plan.municipality}/history`,
                     `/t/${plan.municipality}/rules`, `/t/${plan.municipality}/reports?month=${plan.month}`]) {
      await a.page.goto(base + p);
      const over = await a.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(over <= 0, p + ' is wider than a 1366 px screen by ' + over + ' px');
    }
    await a.page.goto(`${base}/t/${plan.municipality}/month?month=${plan.month}`);
    const overflowMonth = await a.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflowMonth <= 0, 'the month page is wider than a 1366 px screen by ' + overflowMonth + ' px');
    await a.page.screenshot({ path: path.join(out, '10-month-1366x768.png') });
    await a.page.emulateMedia({ media: 'print' });
    await a.page.screenshot({ path: path.join(out, '11-month-print.png'), fullPage: true });
    await a.context.close();
    console.log('browser: ok');
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error('FAIL: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
