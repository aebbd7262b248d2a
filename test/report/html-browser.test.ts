import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderers } from '../../src/report/render/index.js';
import type { Report } from '../../src/report/report.js';
import { ROOT, tempDir } from '../helpers/run.js';
import { exampleReport, hostileReport } from './example.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`html-browser: skipped, ${CHROMIUM} is not installed (apt-get install chromium)`);

interface Bar {
  channel: string;
  field: string;
  fill: number;
  valid: number;
  /** Rendered widths as a share of the bar's own width. */
  filledShare: number;
  validShare: number;
}

describe('html report in a browser', () => {
  let browser: Browser;
  let report: Report;
  let file: string;

  beforeAll(async () => {
    if (missing) return;
    report = hostileReport(await exampleReport(45));
    file = join(tempDir(), 'report.html');
    writeFileSync(file, renderers.html.render(report));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.skipIf(missing)(
    'opens offline without errors, requests nothing but itself, and draws a bar per field at its rates',
    async () => {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(file).href;
      await page.goto(url);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      // the hostile value is text on the page, not a script
      expect(await page.locator('td.value', { hasText: '<script>alert("x")</script>' }).count()).toBe(2);

      const bars: Bar[] = await page.$$eval('svg.field-bar', (svgs) =>
        svgs.map((svg) => {
          const total = svg.getBoundingClientRect().width;
          const share = (cls: string) =>
            (svg.querySelector(`rect.${cls}`)?.getBoundingClientRect().width ?? Number.NaN) / total;
          return {
            channel: svg.closest('section')?.getAttribute('data-channel') ?? '',
            field: svg.getAttribute('data-field') ?? '',
            fill: Number(svg.getAttribute('data-fill-rate')),
            valid: Number(svg.getAttribute('data-valid-rate')),
            filledShare: share('filled'),
            validShare: share('valid'),
          };
        }),
      );
      for (const [name, c] of Object.entries(report.channels)) {
        const mine = bars.filter((b) => b.channel === name);
        expect(mine.map((b) => b.field).sort()).toEqual(c.fields.map((f) => f.name).sort());
        for (const bar of mine) {
          const field = c.fields.find((f) => f.name === bar.field);
          expect(bar.fill).toBe(field?.fill_rate);
          expect(bar.valid).toBe(field?.valid_rate);
          expect(bar.filledShare).toBeCloseTo(bar.fill, 2);
          expect(bar.validShare).toBeCloseTo(bar.valid, 2);
        }
      }
      const gtin = bars.find((b) => b.channel === 'google' && b.field === 'gtin');
      expect(gtin?.validShare).toBeLessThan(gtin?.filledShare ?? 0);

      const shot = await page.screenshot({ fullPage: true });
      writeFileSync(join(tempDir(), 'report.png'), shot);
      mkdirSync(join(ROOT, '.scratch'), { recursive: true });
      writeFileSync(join(ROOT, '.scratch/report.png'), shot);
      await page.close();
    },
    60_000,
  );

  it.skipIf(missing)(
    'fits a phone: no horizontal scrolling at 375 px',
    async () => {
      const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
      await page.goto(pathToFileURL(file).href);
      const scrollWidth = await page.$eval('html', (html) => html.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(375);
      // every field bar still has room to show its rate
      const widths = await page.$$eval('svg.field-bar', (svgs) =>
        svgs.map((s) => s.getBoundingClientRect().width),
      );
      expect(Math.min(...widths)).toBeGreaterThan(200);
      const shot = await page.screenshot({ fullPage: true });
      writeFileSync(join(tempDir(), 'report-phone.png'), shot);
      mkdirSync(join(ROOT, '.scratch'), { recursive: true });
      writeFileSync(join(ROOT, '.scratch/report-phone.png'), shot);
      await page.close();
    },
    60_000,
  );
});
