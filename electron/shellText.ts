/**
 * The few texts the main process shows itself (the menu, the About box, the start-up dialog), in
 * the app's four languages. They cannot come from the renderer's catalogues: the start-up dialog
 * appears before any page exists, and main never imports the renderer.
 */
import type { UiLocale } from '../core/api/contract';

export interface ShellText {
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  pasteAndMatchStyle: string;
  delete: string;
  selectAll: string;
  reload: string;
  forceReload: string;
  toggleDevTools: string;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  toggleFullScreen: string;
  minimize: string;
  zoom: string;
  front: string;
  close: string;
  quit: string;
  hide: string;
  hideOthers: string;
  unhide: string;
  services: string;
  about: string;
  openDataFolder: string;
  /** About box: `{version}`, `{electron}`, `{chrome}`, `{node}`, `{dataDir}`. */
  aboutDetail: string;
  ok: string;
  /** Start-up dialog. `{file}` is the log's full path. */
  startupTitle: string;
  logForeign: string;
  logNewer: string;
  logCorrupt: string;
  logUnreachable: string;
  nativeModule: string;
  startupOther: string;
  /** Under the message: what a fresh log does. */
  freshLogAdvice: string;
  newerAdvice: string;
  unreachableAdvice: string;
  nativeAdvice: string;
  /** `{message}`: the technical reason, for whoever supports the classroom. */
  technicalDetail: string;
  startFresh: string;
  openFolder: string;
  quitApp: string;
  /** After a fresh start. `{file}`: where the old log now is. */
  movedAside: string;
  moveFailed: string;
}

const en: ShellText = {
  file: 'File',
  edit: 'Edit',
  view: 'View',
  window: 'Window',
  help: 'Help',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  pasteAndMatchStyle: 'Paste and Match Style',
  delete: 'Delete',
  selectAll: 'Select All',
  reload: 'Reload',
  forceReload: 'Force Reload',
  toggleDevTools: 'Developer Tools',
  resetZoom: 'Actual Size',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  toggleFullScreen: 'Full Screen',
  minimize: 'Minimize',
  zoom: 'Zoom',
  front: 'Bring All to Front',
  close: 'Close Window',
  quit: 'Quit Casefile',
  hide: 'Hide Casefile',
  hideOthers: 'Hide Others',
  unhide: 'Show All',
  services: 'Services',
  about: 'About Casefile',
  openDataFolder: 'Open Data Folder',
  aboutDetail:
    'Version {version}\nElectron {electron} · Chromium {chrome} · Node.js {node}\n\nData folder: {dataDir}',
  ok: 'OK',
  startupTitle: 'Casefile cannot open its log',
  logForeign: 'The file {file} is not a Casefile log.',
  logNewer: 'The log {file} was written by a newer version of Casefile.',
  logCorrupt: 'The log {file} is damaged and cannot be read.',
  logUnreachable: 'The log {file} cannot be opened.',
  nativeModule: 'Casefile could not load its database module.',
  startupOther: 'Casefile could not start.',
  freshLogAdvice:
    'You can start a fresh log. The old file is moved aside and kept, never deleted, so it can still be examined.',
  newerAdvice:
    'Install the newer version of Casefile to keep using this log, or start a fresh log: the old file is moved aside and kept, never deleted.',
  unreachableAdvice:
    'Check that the data folder exists and that you may write to it, then start Casefile again.',
  nativeAdvice: 'Reinstall Casefile. If you run it from its source code, run "npm start" again.',
  technicalDetail: 'Technical detail: {message}',
  startFresh: 'Start a Fresh Log',
  openFolder: 'Open Data Folder',
  quitApp: 'Quit',
  movedAside: 'A fresh log was started. The old log was kept as {file}.',
  moveFailed: 'The old log could not be moved aside, so no fresh log was started.',
};

const fr: ShellText = {
  file: 'Fichier',
  edit: 'Édition',
  view: 'Affichage',
  window: 'Fenêtre',
  help: 'Aide',
  undo: 'Annuler',
  redo: 'Rétablir',
  cut: 'Couper',
  copy: 'Copier',
  paste: 'Coller',
  pasteAndMatchStyle: 'Coller en adaptant le style',
  delete: 'Supprimer',
  selectAll: 'Tout sélectionner',
  reload: 'Recharger',
  forceReload: 'Forcer le rechargement',
  toggleDevTools: 'Outils de développement',
  resetZoom: 'Taille réelle',
  zoomIn: 'Zoom avant',
  zoomOut: 'Zoom arrière',
  toggleFullScreen: 'Plein écran',
  minimize: 'Réduire',
  zoom: 'Agrandir',
  front: 'Tout ramener au premier plan',
  close: 'Fermer la fenêtre',
  quit: 'Quitter Casefile',
  hide: 'Masquer Casefile',
  hideOthers: 'Masquer les autres',
  unhide: 'Tout afficher',
  services: 'Services',
  about: 'À propos de Casefile',
  openDataFolder: 'Ouvrir le dossier de données',
  aboutDetail:
    'Version {version}\nElectron {electron} · Chromium {chrome} · Node.js {node}\n\nDossier de données : {dataDir}',
  ok: 'OK',
  startupTitle: 'Casefile ne peut pas ouvrir son journal',
  logForeign: "Le fichier {file} n'est pas un journal Casefile.",
  logNewer: 'Le journal {file} a été écrit par une version plus récente de Casefile.',
  logCorrupt: 'Le journal {file} est endommagé et ne peut pas être lu.',
  logUnreachable: 'Le journal {file} ne peut pas être ouvert.',
  nativeModule: "Casefile n'a pas pu charger son module de base de données.",
  startupOther: "Casefile n'a pas pu démarrer.",
  freshLogAdvice:
    "Vous pouvez commencer un nouveau journal. L'ancien fichier est mis de côté et conservé, jamais supprimé, pour pouvoir encore être examiné.",
  newerAdvice:
    "Installez la version plus récente de Casefile pour continuer à utiliser ce journal, ou commencez un nouveau journal : l'ancien fichier est mis de côté et conservé, jamais supprimé.",
  unreachableAdvice:
    'Vérifiez que le dossier de données existe et que vous pouvez y écrire, puis relancez Casefile.',
  nativeAdvice:
    'Réinstallez Casefile. Si vous le lancez depuis son code source, relancez « npm start ».',
  technicalDetail: 'Détail technique : {message}',
  startFresh: 'Commencer un nouveau journal',
  openFolder: 'Ouvrir le dossier de données',
  quitApp: 'Quitter',
  movedAside: "Un nouveau journal a été commencé. L'ancien journal a été conservé sous {file}.",
  moveFailed:
    "L'ancien journal n'a pas pu être mis de côté ; aucun nouveau journal n'a donc été commencé.",
};

const es: ShellText = {
  file: 'Archivo',
  edit: 'Edición',
  view: 'Ver',
  window: 'Ventana',
  help: 'Ayuda',
  undo: 'Deshacer',
  redo: 'Rehacer',
  cut: 'Cortar',
  copy: 'Copiar',
  paste: 'Pegar',
  pasteAndMatchStyle: 'Pegar con el mismo estilo',
  delete: 'Eliminar',
  selectAll: 'Seleccionar todo',
  reload: 'Recargar',
  forceReload: 'Forzar recarga',
  toggleDevTools: 'Herramientas de desarrollo',
  resetZoom: 'Tamaño real',
  zoomIn: 'Acercar',
  zoomOut: 'Alejar',
  toggleFullScreen: 'Pantalla completa',
  minimize: 'Minimizar',
  zoom: 'Ampliar',
  front: 'Traer todo al frente',
  close: 'Cerrar ventana',
  quit: 'Salir de Casefile',
  hide: 'Ocultar Casefile',
  hideOthers: 'Ocultar otros',
  unhide: 'Mostrar todo',
  services: 'Servicios',
  about: 'Acerca de Casefile',
  openDataFolder: 'Abrir la carpeta de datos',
  aboutDetail:
    'Versión {version}\nElectron {electron} · Chromium {chrome} · Node.js {node}\n\nCarpeta de datos: {dataDir}',
  ok: 'Aceptar',
  startupTitle: 'Casefile no puede abrir su registro',
  logForeign: 'El archivo {file} no es un registro de Casefile.',
  logNewer: 'El registro {file} fue escrito por una versión más reciente de Casefile.',
  logCorrupt: 'El registro {file} está dañado y no se puede leer.',
  logUnreachable: 'No se puede abrir el registro {file}.',
  nativeModule: 'Casefile no pudo cargar su módulo de base de datos.',
  startupOther: 'Casefile no pudo iniciarse.',
  freshLogAdvice:
    'Puede empezar un registro nuevo. El archivo anterior se aparta y se conserva, nunca se elimina, para que aún pueda examinarse.',
  newerAdvice:
    'Instale la versión más reciente de Casefile para seguir usando este registro, o empiece un registro nuevo: el archivo anterior se aparta y se conserva, nunca se elimina.',
  unreachableAdvice:
    'Compruebe que la carpeta de datos existe y que puede escribir en ella; después, vuelva a iniciar Casefile.',
  nativeAdvice:
    'Vuelva a instalar Casefile. Si lo ejecuta desde su código fuente, ejecute de nuevo «npm start».',
  technicalDetail: 'Detalle técnico: {message}',
  startFresh: 'Empezar un registro nuevo',
  openFolder: 'Abrir la carpeta de datos',
  quitApp: 'Salir',
  movedAside: 'Se empezó un registro nuevo. El registro anterior se conservó como {file}.',
  moveFailed:
    'No se pudo apartar el registro anterior, así que no se empezó ningún registro nuevo.',
};

const ar: ShellText = {
  file: 'ملف',
  edit: 'تحرير',
  view: 'عرض',
  window: 'نافذة',
  help: 'مساعدة',
  undo: 'تراجع',
  redo: 'إعادة',
  cut: 'قص',
  copy: 'نسخ',
  paste: 'لصق',
  pasteAndMatchStyle: 'لصق ومطابقة النمط',
  delete: 'حذف',
  selectAll: 'تحديد الكل',
  reload: 'إعادة التحميل',
  forceReload: 'فرض إعادة التحميل',
  toggleDevTools: 'أدوات المطوّر',
  resetZoom: 'الحجم الفعلي',
  zoomIn: 'تكبير',
  zoomOut: 'تصغير',
  toggleFullScreen: 'ملء الشاشة',
  minimize: 'تصغير النافذة',
  zoom: 'تكبير النافذة',
  front: 'إحضار الكل إلى المقدمة',
  close: 'إغلاق النافذة',
  quit: 'إنهاء Casefile',
  hide: 'إخفاء Casefile',
  hideOthers: 'إخفاء الآخرين',
  unhide: 'إظهار الكل',
  services: 'الخدمات',
  about: 'حول Casefile',
  openDataFolder: 'فتح مجلد البيانات',
  aboutDetail:
    'الإصدار {version}\nElectron {electron} · Chromium {chrome} · Node.js {node}\n\nمجلد البيانات: {dataDir}',
  ok: 'موافق',
  startupTitle: 'تعذّر على Casefile فتح سجلّه',
  logForeign: 'الملف {file} ليس سجلًّا من Casefile.',
  logNewer: 'السجل {file} كُتب بإصدار أحدث من Casefile.',
  logCorrupt: 'السجل {file} تالف ولا يمكن قراءته.',
  logUnreachable: 'تعذّر فتح السجل {file}.',
  nativeModule: 'تعذّر على Casefile تحميل وحدة قاعدة البيانات.',
  startupOther: 'تعذّر تشغيل Casefile.',
  freshLogAdvice:
    'يمكنك بدء سجل جديد. يُنقل الملف القديم جانبًا ويُحتفظ به، ولا يُحذف أبدًا، ليبقى ممكنًا فحصه.',
  newerAdvice:
    'ثبّت الإصدار الأحدث من Casefile لمواصلة استخدام هذا السجل، أو ابدأ سجلًّا جديدًا: يُنقل الملف القديم جانبًا ويُحتفظ به، ولا يُحذف أبدًا.',
  unreachableAdvice:
    'تحقّق من وجود مجلد البيانات ومن أنّ لديك إذن الكتابة فيه، ثم شغّل Casefile من جديد.',
  nativeAdvice: 'أعد تثبيت Casefile. إذا كنت تشغّله من شيفرته المصدرية، فنفّذ "npm start" مرة أخرى.',
  technicalDetail: 'تفاصيل تقنية: {message}',
  startFresh: 'بدء سجل جديد',
  openFolder: 'فتح مجلد البيانات',
  quitApp: 'إنهاء',
  movedAside: 'بدأ سجل جديد. حُفظ السجل القديم باسم {file}.',
  moveFailed: 'تعذّر نقل السجل القديم جانبًا، لذلك لم يبدأ سجل جديد.',
};

const texts: Record<UiLocale, ShellText> = { en, fr, es, ar };

/** The shell's texts in `locale`. */
export function shellText(locale: UiLocale): ShellText {
  return texts[locale];
}

/** Fills `{name}` placeholders; unknown names are left as they are. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
