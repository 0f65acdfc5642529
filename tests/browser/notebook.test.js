// Browser end-to-end test: a new sift notebook in Jupyter Notebook shows a
// frame as an HTML table. Run by tests/browser/run.sh (which sets SIFT_URL,
// SIFT_TOKEN and NODE_PATH); exits non-zero with a screenshot on failure.
const { chromium } = require('playwright-core');

const url = process.env.SIFT_URL;
const token = process.env.SIFT_TOKEN;
const shots = process.env.SIFT_SHOTS || '/tmp';

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let page;
  try {
    const context = await browser.newContext();
    const tree = await context.newPage();
    await tree.goto(`${url}/tree?token=${token}`);
    // New → sift opens the notebook in a new tab.
    await tree.click('#new-dropdown-button');
    const [nb] = await Promise.all([
      context.waitForEvent('page'),
      tree.click('#kernel-sift a, li[id="kernel-sift"] a'),
    ]);
    page = nb;
    await page.waitForLoadState('domcontentloaded');
    await page.waitForFunction(
      () => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
            Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply &&
            Jupyter.notebook.kernel.info_reply.implementation === 'sift',
      null, { timeout: 30000 });
    await page.click('.cell .CodeMirror');
    await page.keyboard.type('show(frame(name=["ada", "grace"], born=[1815, 1906]))');
    await page.keyboard.press('Shift+Enter');
    const table = await page.waitForSelector('.output_area .output_html table', { timeout: 30000 });
    const text = await table.innerText();
    for (const want of ['name', 'born', 'ada', 'grace', '1815', '1906']) {
      if (!text.includes(want)) throw new Error(`table lacks "${want}":\n${text}`);
    }
    const prompt = await page.innerText('.cell .input_prompt');
    if (!/\[1\]/.test(prompt)) throw new Error(`expected execution count 1, prompt is "${prompt}"`);
    console.log('browser: HTML table rendered:\n' + text);
  } catch (e) {
    if (page) await page.screenshot({ path: `${shots}/failure.png` }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error('browser: FAILED:', e.message); process.exit(1); });
