// @ts-check
/**
 * electron-builder's afterPack hook: before any installer is made from a packed app, its native
 * module must be there and be right for the app's own platform, architecture and Electron ABI.
 * A wrong one fails the packaging, naming the target and what is wrong.
 */
import { join } from 'node:path';
import { electronModuleVersion, nativeFileName } from './electronTarget.mjs';
import { checkBinaryFile, describeTarget } from './nativeBinary.mjs';

/** electron-builder's numeric architectures, by name (its `Arch` enum). */
const archNames = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * Where the unpacked native module sits in a packed app.
 * @param {string} appOutDir
 * @param {string} platform
 * @param {string} productFilename
 */
export function packedNativeModule(appOutDir, platform, productFilename) {
  const resources =
    platform === 'darwin'
      ? join(appOutDir, `${productFilename}.app`, 'Contents', 'Resources')
      : join(appOutDir, 'resources');
  return join(resources, 'app.asar.unpacked', 'native', nativeFileName);
}

/**
 * @param {{ appOutDir: string, arch: number, electronPlatformName: string,
 *   packager: { appInfo: { productFilename: string } } }} context
 */
export default function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = archNames[context.arch] ?? String(context.arch);
  const target = { platform, arch, moduleVersion: electronModuleVersion };
  const file = packedNativeModule(
    context.appOutDir,
    platform,
    context.packager.appInfo.productFilename,
  );
  const problems = checkBinaryFile(file, target);
  if (problems.length > 0) {
    throw new Error(
      `The packed app for ${describeTarget(target)} has a wrong native module (${file}): ${problems.join('; ')}`,
    );
  }
  console.log(`[pack] native module checked for ${describeTarget(target)}`);
}
