import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { applicationMenuTemplate } from './appMenu';
import { shellText } from './shellText';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...roles(Array.isArray(item.submenu) ? item.submenu : []),
  ]);
}

function find(
  items: MenuItemConstructorOptions[],
  id: string,
): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = Array.isArray(item.submenu) ? find(item.submenu, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

const options = (platform: NodeJS.Platform, development = false) => ({
  platform,
  text: shellText('en'),
  development,
  openDataFolder: vi.fn(),
  showAbout: vi.fn(),
});

describe('the application menu', () => {
  it('has the usual menus and roles on Windows and Linux, with About in Help', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const menu = applicationMenuTemplate(options(platform));
      expect(menu.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
      expect(roles(menu)).toEqual(
        expect.arrayContaining([
          'undo',
          'redo',
          'cut',
          'copy',
          'paste',
          'delete',
          'selectAll',
          'resetZoom',
          'zoomIn',
          'zoomOut',
          'togglefullscreen',
          'minimize',
          'close',
          'quit',
        ]),
      );
      expect(roles(menu)).not.toContain('about');
      expect(roles(menu)).not.toContain('reload');
      expect(roles(menu)).not.toContain('toggleDevTools');
    }
  });

  it('has the application menu and About panel on macOS', () => {
    const menu = applicationMenuTemplate(options('darwin'));
    expect(menu.map((item) => item.label)).toEqual([
      'Casefile',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
    expect(roles(menu)).toEqual(
      expect.arrayContaining([
        'about',
        'hide',
        'hideOthers',
        'unhide',
        'quit',
        'pasteAndMatchStyle',
        'front',
        'zoom',
      ]),
    );
    expect(find(menu, 'about')).toBeUndefined();
  });

  it('offers reload and the developer tools only in development', () => {
    expect(roles(applicationMenuTemplate(options('linux', true)))).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
    );
  });

  it('opens the data folder and the About box', () => {
    const chosen = options('linux');
    const menu = applicationMenuTemplate(chosen);
    (find(menu, 'open-data-folder')!.click as () => void)();
    (find(menu, 'about')!.click as () => void)();
    expect(chosen.openDataFolder).toHaveBeenCalledOnce();
    expect(chosen.showAbout).toHaveBeenCalledOnce();
  });

  it('labels every item in the chosen language', () => {
    const menu = applicationMenuTemplate({ ...options('linux'), text: shellText('ar') });
    const labels = (items: MenuItemConstructorOptions[]): string[] =>
      items.flatMap((item) => [
        ...(item.type === 'separator' ? [] : [item.label ?? `(unlabelled ${item.role})`]),
        ...labels(Array.isArray(item.submenu) ? item.submenu : []),
      ]);
    const all = labels(menu);
    expect(all).toContain('فتح مجلد البيانات');
    expect(all.filter((label) => /[A-Za-z]/.test(label.replace('Casefile', '')))).toEqual([]);
  });
});
