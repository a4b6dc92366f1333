'use strict';
// Nest 12 ships ES modules only, while Jest's module loader cannot require() them. Application
// code runs them natively (Node 24's require(esm)); under Jest this transformer turns
// them, and our TypeScript, into CommonJS. The `import.meta` forms Nest uses are rewritten
// to their CommonJS equivalents first.
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  allowJs: true,
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: true,
};

module.exports = {
  process(source, filename) {
    const text = source.includes('import.meta')
      ? source
          // CommonJS already has `require`; redeclaring it would be a syntax error.
          .replace(/const require\s*=\s*createRequire\(import\.meta\.url\);?/g, '')
          .replace(/import\.meta\.url/g, 'require("url").pathToFileURL(__filename).href')
          .replace(/import\.meta\.resolve\(/g, 'require.resolve(')
          .replace(/import\.meta\.dirname/g, '__dirname')
          .replace(/import\.meta\.filename/g, '__filename')
      : source;
    const out = ts.transpileModule(text, { compilerOptions, fileName: filename });
    return { code: out.outputText };
  },
  getCacheKey(source, filename) {
    return require('crypto').createHash('sha1').update('v3').update(filename).update(source).digest('hex');
  },
};
