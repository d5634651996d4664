// webpack 5 builds the same src/main.js as Vite, into dist-webpack/. Nothing marginkit-specific
// is needed: webpack 5 turns `new URL('./marginkit.wasm', import.meta.url)` inside the package
// into an emitted asset, and `new Worker(new URL('./worker.js', import.meta.url))` into a worker
// chunk. The small plugin below only writes dist-webpack/index.html from the Vite index.html (use
// html-webpack-plugin in a real app).
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { Compilation, sources } = require('webpack');

class IndexHtmlPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('IndexHtmlPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'IndexHtmlPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const html = readFileSync(path.join(__dirname, 'index.html'), 'utf8')
            .replace('<script type="module" src="/src/main.js"></script>', '<script src="main.js"></script>')
            .replace('+ Vite', '+ webpack');
          compilation.emitAsset('index.html', new sources.RawSource(html));
        },
      );
    });
  }
}

module.exports = {
  mode: 'production',
  entry: './src/main.js',
  output: {
    path: path.resolve(__dirname, 'dist-webpack'),
    filename: 'main.js',
    clean: true,
  },
  plugins: [new IndexHtmlPlugin()],
  // webpack's size hint (244 KiB per asset) is meant for JavaScript, parsed on the main thread;
  // the .wasm (about 250 KiB raw, 116 KiB gzipped) is compiled while it streams in. Hint on the
  // JavaScript only.
  performance: { assetFilter: (name) => !name.endsWith('.wasm') },
};
