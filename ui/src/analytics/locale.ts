// uPlot builds a number format from `navigator.language` as it loads. WebKitGTK reports the
// process's POSIX locale there, and under LANG=C (a bare Linux session, the end-to-end tests'
// Xvfb) that is "C", which Intl refuses with a RangeError: the chart module would fail to load.
// Imported before uPlot, this gives such a window a language Intl takes. Every figure the
// screen shows is formatted by our own helpers, so uPlot's default format is never seen.
try {
  new Intl.NumberFormat(navigator.language);
} catch {
  Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true });
}

export {};
