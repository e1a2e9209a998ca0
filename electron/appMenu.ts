/**
 * The application menu as data: the usual roles (so the platform's standard shortcuts come with
 * them), labelled in the app's language, plus "Open Data Folder" and About. A plain function, so
 * Node tests read the menu without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellText } from './shellText';

export interface MenuOptions {
  platform: NodeJS.Platform;
  text: ShellText;
  /** Reload and the developer tools are offered only outside a packaged app. */
  development: boolean;
  openDataFolder(): void;
  /** About on Windows and Linux; macOS uses its own About panel (role `about`). */
  showAbout(): void;
}

/** The menu template for `Menu.buildFromTemplate`. */
export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { text } = options;
  const mac = options.platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const about: MenuItemConstructorOptions = mac
    ? { role: 'about', label: text.about }
    : { id: 'about', label: text.about, click: () => options.showAbout() };
  const openDataFolder: MenuItemConstructorOptions = {
    id: 'open-data-folder',
    label: text.openDataFolder,
    click: () => options.openDataFolder(),
  };

  const appMenu: MenuItemConstructorOptions = {
    role: 'appMenu',
    label: 'Casefile',
    submenu: [
      about,
      separator,
      { role: 'services', label: text.services },
      separator,
      { role: 'hide', label: text.hide },
      { role: 'hideOthers', label: text.hideOthers },
      { role: 'unhide', label: text.unhide },
      separator,
      { role: 'quit', label: text.quit },
    ],
  };
  const fileMenu: MenuItemConstructorOptions = {
    role: 'fileMenu',
    label: text.file,
    submenu: [
      openDataFolder,
      separator,
      mac ? { role: 'close', label: text.close } : { role: 'quit', label: text.quit },
    ],
  };
  const editMenu: MenuItemConstructorOptions = {
    role: 'editMenu',
    label: text.edit,
    submenu: [
      { role: 'undo', label: text.undo },
      { role: 'redo', label: text.redo },
      separator,
      { role: 'cut', label: text.cut },
      { role: 'copy', label: text.copy },
      { role: 'paste', label: text.paste },
      ...(mac ? [{ role: 'pasteAndMatchStyle', label: text.pasteAndMatchStyle } as const] : []),
      { role: 'delete', label: text.delete },
      separator,
      { role: 'selectAll', label: text.selectAll },
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    role: 'viewMenu',
    label: text.view,
    submenu: [
      ...(options.development
        ? [
            { role: 'reload', label: text.reload } as const,
            { role: 'forceReload', label: text.forceReload } as const,
            { role: 'toggleDevTools', label: text.toggleDevTools } as const,
            separator,
          ]
        : []),
      { role: 'resetZoom', label: text.resetZoom },
      { role: 'zoomIn', label: text.zoomIn },
      { role: 'zoomOut', label: text.zoomOut },
      separator,
      { role: 'togglefullscreen', label: text.toggleFullScreen },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    role: 'windowMenu',
    label: text.window,
    submenu: mac
      ? [
          { role: 'minimize', label: text.minimize },
          { role: 'zoom', label: text.zoom },
          separator,
          { role: 'front', label: text.front },
        ]
      : [
          { role: 'minimize', label: text.minimize },
          { role: 'close', label: text.close },
        ],
  };
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: text.help,
    submenu: mac ? [openDataFolder] : [openDataFolder, separator, about],
  };
  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}
