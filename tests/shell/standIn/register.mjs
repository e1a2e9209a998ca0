// Loaded with `node --import`: maps `electron` to the recording stand-in for both module systems,
// `import` through a resolve hook (module.register) and `require` through the CommonJS resolver,
// so both reach one instance.
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const standIn = process.env.CASEFILE_ELECTRON_STAND_IN;
if (!standIn) throw new Error('CASEFILE_ELECTRON_STAND_IN must name the built stand-in');

register('./hooks.mjs', import.meta.url, { data: { standIn: pathToFileURL(standIn).href } });

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron' || request === 'electron/main' || request === 'electron/common') {
    return standIn;
  }
  return resolveFilename.call(this, request, ...rest);
};
