import { FakeBackend } from './backend';

/**
 * `npm run dev` in an ordinary browser has no Rust behind it; this puts the fake there so the
 * screens can be worked on and looked at. `?empty` starts with an empty store (the welcome screen).
 */
export function installBrowserBackend(): void {
  const backend = new FakeBackend().install();
  if (!new URLSearchParams(window.location.search).has('empty')) {
    void backend.handle('load_demo_data', { count: 240 });
  }
  (window as unknown as { __fakeBackend?: FakeBackend }).__fakeBackend = backend;
}
