import { DEMO } from './lib/auth.mjs';
import { startDemoBrowser, signedInPage } from './lib/browser.mjs';
const { srv, base, br } = await startDemoBrowser();
const { ctx, page } = await signedInPage(br, base, DEMO.coordinator);
for (const w of [320, 1280]) {
  await page.setViewportSize({ width: w, height: 800 });
  await page.goto(`${base}/?lang=nl`);
  await page.screenshot({ path: `/tmp/shot-${w}.png` });
  console.log(w, await page.evaluate(() => Math.round(document.querySelector('main').getBoundingClientRect().top)));
}
await ctx.close(); await br.close(); await srv.cleanup();
