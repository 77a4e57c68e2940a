// render.test.mjs: the page redraws only what changed (web/damage.h, web/imgui_webgl.h), and what
// it shows equals a full redraw. With window.aeplay.debugCheckRender(true) every frame reads the
// canvas back, redraws all of it, reads it again and counts the pixels that differ: while the seed
// model trains, with hovers, a tooltip, tab switches, a scrolled panel and a combo opened, that
// count must stay 0. Then, unchecked, most of the canvas is left alone on a frame: the worker build
// refreshes its views 10 times a second (App::kViewRefreshMs) and draws nothing in between, and
// the time-sliced build redraws only the tiles that training changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setupPage, openPage, problems, MODES, nextFrames, slowClick, status, ROOT } from './harness.mjs';

setupPage();

const stats = (page) => page.evaluate(() => window.aeplay.renderStats());

for (const mode of MODES) {
  test(`the page (${mode.name}) redraws only what changed, and shows what a full redraw shows`, async () => {
    const page = await openPage(1280, 800, mode);
    await page.waitForFunction(() => window.aeplay?.status().ready === true, null, { timeout: 20000 });
    const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/seed000_dense.json'), 'utf8'));
    cfg.train.epochs = 4000; // still training when the test ends (about 400k samples/s)
    assert.equal(await page.evaluate((t) => window.aeplay.loadConfig(t), JSON.stringify(cfg)), '');
    await nextFrames(page, 3);

    await page.evaluate(() => window.aeplay.debugCheckRender(true));
    const before = await stats(page);
    await slowClick(page, 'train');
    await page.waitForFunction(() => window.aeplay.status().samples_seen > 0, null, { timeout: 20000 });
    const ui = (await status(page)).ui;
    for (const name of ['pause', 'step', 'reset']) { // hovers: buttons light up, tooltips open
      await page.mouse.move(ui[name][0] + 5, ui[name][1] + 5);
      await nextFrames(page, 4);
    }
    await slowClick(page, 'tab_denoise');
    await nextFrames(page, 6);
    await slowClick(page, 'tab_reconstruction');
    await nextFrames(page, 6);
    await page.mouse.move(150, 400); // the experiment panel scrolls
    await page.mouse.wheel(0, 200);
    await nextFrames(page, 6);
    await page.mouse.move(1100, 300);
    await nextFrames(page, 10);
    const checked = await stats(page);
    await page.evaluate(() => window.aeplay.debugCheckRender(false));
    const frames = checked.checked_frames - before.checked_frames;
    assert.ok(frames >= 40, `frames checked: ${frames}`);
    assert.equal(checked.mismatched_pixels, 0,
      `${checked.mismatched_pixels} pixels of ${checked.checked_pixels} differ from a full redraw`);
    assert.ok((await status(page)).training, 'the model trained through the check');

    // Unchecked, while training: how much of the canvas a frame redraws.
    await nextFrames(page, 10);
    const a = await stats(page);
    await page.waitForTimeout(2000);
    const b = await stats(page);
    const frames2 = b.frames - a.frames, drawn = b.frames_drawn - a.frames_drawn;
    const share = (b.tiles_redrawn - a.tiles_redrawn) / Math.max(1, b.tiles - a.tiles);
    console.log(`${mode.name}: ${frames} frames checked, 0 pixels differ; then ${drawn} of ${frames2} frames drawn, ` +
      `${(share * 100).toFixed(1)}% of the tiles on a frame drawn`);
    assert.ok((await status(page)).training, 'still training');
    assert.ok(frames2 > 0 && drawn > 0, 'training changes the canvas');
    assert.ok(share < 0.5, `a frame redraws ${(share * 100).toFixed(1)}% of the canvas while training`);
    if (mode.threads) assert.ok(drawn < frames2, 'frames between the view refreshes draw nothing');
    assert.deepEqual(problems, []);
    await page.close();
  });
}
