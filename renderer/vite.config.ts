/**
 * Vite build of the renderer. Paths are relative to the package root, where the npm scripts run
 * (`vite build --config renderer/vite.config.ts`). `base: './'` makes every asset URL relative, so
 * the same build loads from Electron's app protocol and from `kpiw serve`. No Vite types are
 * imported: they pull Node's typings into the DOM-only renderer project.
 */
export default {
  root: 'renderer',
  base: './',
  publicDir: false,
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Inline assets would need data: URLs in places the CSP does not allow; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
};
