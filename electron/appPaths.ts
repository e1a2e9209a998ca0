/**
 * Where the shell finds its files, packaged or run from the source tree. One function, so the
 * layout that electron-builder.yml and scripts/ produce is written down once.
 */
import { join } from 'node:path';

export interface AppPathInputs {
  packaged: boolean;
  /** `app.getAppPath()`: the project folder, or `…/resources/app.asar` when packaged. */
  appPath: string;
  /** `process.resourcesPath`. */
  resourcesPath: string;
  /** The folder of the main bundle (out/main). */
  mainDir: string;
  electronVersion: string;
  platform: string;
  arch: string;
}

export interface AppPaths {
  rendererDir: string;
  preload: string;
  scenariosDir: string;
  /**
   * Where the printed reports' fonts are, as `@fontsource/…` paths: node_modules from the source
   * tree; packaged, the copies electron-builder.yml puts beside the archive (an installer carries
   * no node_modules of the renderer's, whose fonts Vite bundles into its own assets).
   */
  reportFontsDir: string;
  /** better-sqlite3 built for Electron's ABI, apart from the Node build the tests use. */
  nativeBinding: string;
  icon: string;
}

/** The folder, under the project, of the native module built for one Electron and target. */
export function nativeFolder(electronVersion: string, platform: string, arch: string): string {
  return join('.native', `electron-${electronVersion}`, `${platform}-${arch}`);
}

/** The name of the native module's file, wherever it lives. */
export const nativeFileName = 'better_sqlite3.node';

/** The shell's paths for one run. */
export function appPaths(inputs: AppPathInputs): AppPaths {
  return {
    rendererDir: join(inputs.mainDir, '..', 'renderer'),
    preload: join(inputs.mainDir, '..', 'preload', 'index.cjs'),
    scenariosDir: inputs.packaged
      ? join(inputs.resourcesPath, 'scenarios')
      : join(inputs.appPath, 'scenarios'),
    reportFontsDir: inputs.packaged
      ? join(inputs.resourcesPath, 'fonts')
      : join(inputs.appPath, 'node_modules'),
    // Packaged, the module sits in the asar's unpacked twin: a shared library cannot be loaded
    // from inside an archive.
    nativeBinding: inputs.packaged
      ? join(inputs.resourcesPath, 'app.asar.unpacked', 'native', nativeFileName)
      : join(
          inputs.appPath,
          nativeFolder(inputs.electronVersion, inputs.platform, inputs.arch),
          nativeFileName,
        ),
    icon: join(inputs.appPath, 'assets', 'icon.png'),
  };
}
