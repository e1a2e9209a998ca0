import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channels } from '../../core/api/contract';
import { expect, screenshot, shippedScenarios, test } from './harness/fixtures';

const examplePack = join(shippedScenarios, '_example');
import { SignInPage, TopBar } from './harness/pages';

/** A scenarios folder made for this spec from the example pack, so assertions do not depend on the shipped packs. */
function makeScenarios(): string {
  const root = mkdtempSync(join(tmpdir(), 'casefile-packs-'));
  const packs = [
    { folder: 'border-check', en: 'Border check', fr: 'Contrôle frontalier', minutes: 40 },
    { folder: 'seized-phone', en: 'A seized phone', fr: 'Un téléphone saisi', minutes: 55 },
  ];
  for (const pack of packs) {
    cpSync(examplePack, join(root, pack.folder), { recursive: true });
    const file = join(root, pack.folder, 'scenario.yaml');
    let titles = 0;
    const text = readFileSync(file, 'utf8')
      .replace(/^ {2}durationMinutes: \d+$/m, `  durationMinutes: ${pack.minutes}`)
      .replace(
        /^ {4}meta\.title: .*$/gm,
        () => `    meta.title: ${titles++ === 0 ? pack.en : pack.fr}`,
      );
    writeFileSync(file, text);
  }
  // A pack with an error: never shown to a trainee.
  mkdirSync(join(root, 'broken'));
  writeFileSync(join(root, 'broken', 'scenario.yaml'), 'formatVersion: 1\nmeta: [not, a, map]\n');
  // Not a pack: no scenario file.
  mkdirSync(join(root, 'notes'));
  return root;
}

test.describe('the first screen', () => {
  test.use({ scenariosDir: makeScenarios() });

  test('lists the scenario packs from real files through the real handlers', async ({
    page,
    harness,
  }) => {
    await harness.open();
    await screenshot(page, 'sign-in-en');
    expect(await harness.axe()).toEqual([]);
    await new SignInPage(page).signIn('T-017', 'BRD-2026-03');
    await expect(page.getByTestId('signed-in-as')).toContainText('T-017');
    // The broken pack is not a trainee's card (instructor mode lists it with its errors).
    const cards = page.locator('.pack-card');
    await expect(cards).toHaveCount(2);
    await expect(cards.nth(0)).toContainText('Border check');
    await expect(cards.nth(1)).toContainText('A seized phone');
    await expect(cards.nth(1)).toContainText('55 min');
    await expect(page.locator('.content')).not.toContainText('broken');
    await expect(page.getByRole('status').filter({ hasText: '2 scenarios' })).toBeVisible();
    await expect(page.getByTestId('phaser-stage').locator('canvas')).toHaveCount(1);
    await expect(page.getByTestId('phaser-stage')).toHaveAttribute('data-renderer', /webgl|canvas/);
    await screenshot(page, 'library-en');
    expect(await harness.axe()).toEqual([]);
  });

  test('switches to French, and the choice persists across a reload', async ({ page, harness }) => {
    await harness.open();
    await new SignInPage(page).signIn('T-017', 'BRD-2026-03');
    await expect(page.locator('.pack-card')).toHaveCount(2);
    await new TopBar(page).chooseLanguage('fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bibliothèque de scénarios');
    await expect(page.locator('.pack-card').nth(0)).toContainText('Contrôle frontalier');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    const stored = JSON.parse(readFileSync(join(harness.dataDir, 'preferences.json'), 'utf8')) as {
      locale: string;
    };
    expect(stored.locale).toBe('fr');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
    await expect(page.getByLabel('Nom ou numéro de stagiaire')).toHaveValue('T-017');
    await new SignInPage(page).signIn('T-017', 'BRD-2026-03', {
      trainee: 'Nom ou numéro de stagiaire',
      cohort: 'Code de la classe',
      submit: 'Continuer',
    });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bibliothèque de scénarios');
    await expect(page.getByLabel('Langue', { exact: true })).toHaveValue('fr');
    await screenshot(page, 'library-fr');
    expect(await harness.axe()).toEqual([]);
  });

  test('lays the screen out right to left in Arabic', async ({ page, harness }) => {
    await harness.open();
    await new TopBar(page).chooseLanguage('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('تسجيل الدخول');
    await new SignInPage(page).signIn('T-017', 'BRD-2026-03', {
      trainee: 'اسم المتدرّب أو رقمه',
      cohort: 'رمز الصف',
      submit: 'متابعة',
    });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('مكتبة السيناريوهات');
    await screenshot(page, 'library-ar');
    expect(await harness.axe()).toEqual([]);
  });
});

test.describe('the renderer sandbox', () => {
  test('has no require, no process and no Node globals', async ({ page, harness }) => {
    await harness.open();
    await expect(page.locator('h1')).toBeVisible();
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      module: typeof (window as unknown as { module?: unknown }).module,
      buffer: typeof (window as unknown as { Buffer?: unknown }).Buffer,
      api: Object.keys(window.casefile ?? {}).sort(),
    }));
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      buffer: 'undefined',
      api: [
        ...new Set(channels.map((channel) => channel.split(':')[0]!)),
        'on',
        'pathForFile',
      ].sort(),
    });
  });

  test('refuses to navigate away from the app and blocks remote content', async ({
    page,
    harness,
  }) => {
    await harness.open();
    await expect(page.locator('h1')).toBeVisible();
    const before = page.url();
    const navigation = await page
      .evaluate(async () => {
        window.location.href = 'https://example.org/';
        await new Promise((resolve) => setTimeout(resolve, 500));
        return window.location.href;
      })
      .catch((error: unknown) => String(error));
    expect(navigation).toBe(before);
    expect(page.url()).toBe(before);
    const csp = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    const remoteImage = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const image = new Image();
          image.onload = () => resolve('loaded');
          image.onerror = () => resolve('blocked');
          image.src = 'https://example.org/tracker.png';
        }),
    );
    expect(remoteImage).toBe('blocked');
    const inlineScriptRan = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = true';
      document.head.appendChild(script);
      return (window as unknown as { __inline?: boolean }).__inline === true;
    });
    expect(inlineScriptRan).toBe(false);
  });
});

test.describe('the API contract at the boundary', () => {
  test('a handler called with wrong arguments says what is wrong and changes nothing', async ({
    page,
    harness,
  }) => {
    await harness.open();
    await new TopBar(page).chooseLanguage('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    const file = join(harness.dataDir, 'preferences.json');
    const before = readFileSync(file, 'utf8');
    const reply = await page.evaluate(async () => {
      try {
        await (window.casefile!.prefs.set as (patch: unknown) => Promise<unknown>)({
          locale: 'xx',
          admin: true,
        });
        return 'accepted';
      } catch (error) {
        return {
          name: (error as Error).name,
          code: (error as { code?: string }).code,
          message: (error as Error).message,
        };
      }
    });
    expect(reply).toMatchObject({ name: 'ApiError', code: 'invalid-arguments' });
    expect((reply as { message: string }).message).toMatch(
      /prefs:set: Invalid arguments.*0\.locale/,
    );
    expect((reply as { message: string }).message).toMatch(/admin/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(file)).toBe(true);
    const unknown = await harness.call('files:delete', '/');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });
});
