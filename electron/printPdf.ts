/**
 * Prints a debrief report to PDF in the app: a hidden, sandboxed window with JavaScript disabled
 * loads the report's HTML as a data: URL and Chromium prints it. The report is data only, so the
 * window needs no preload, no script and no network.
 */
import { BrowserWindow } from 'electron';

/** Prints self-contained HTML to an A4 PDF. */
export async function printHtmlToPdf(html: string): Promise<Buffer> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      javascript: false,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
  } finally {
    window.destroy();
  }
}
