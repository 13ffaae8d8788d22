import { FakeBackend } from './backend';

/**
 * `npm run dev` in an ordinary browser has no Rust behind it; this puts the fake there so the
 * screens can be worked on and looked at. `?empty` starts with an empty store (the welcome screen);
 * `?sync=samples` starts signed in to sync with a refused change, a refused deletion, conflicts
 * and a record kept aside (`?sync=offline`, `?sync=paused`, `?sync=expired` show those states too).
 */
export function installBrowserBackend(): void {
  // The real clock, not the tests' fixed one: the form fills in today as the join date, and
  // the fake, like the store, refuses a date after its own today.
  const backend = new FakeBackend({ clockStart: new Date().toISOString() }).install();
  const params = new URLSearchParams(window.location.search);
  backend.sync.roundMs = 1200;
  // A browser has no native save dialog: saving a PDF goes straight to a pretend folder.
  backend.printing.saveFolder = '/tmp/infora-fake';
  const loaded = params.has('empty') ? Promise.resolve() : backend.handle('load_demo_data', { count: 240 });
  const scenario = params.get('sync');
  if (scenario) {
    void loaded.then(() => {
      backend.sync.samples();
      if (scenario === 'offline') {
        backend.sync.online = false;
        backend.sync.lastError = 'Could not reach the central system: connection refused';
      } else if (scenario === 'paused') {
        backend.sync.paused = 'Your subscription has expired. Please renew to continue syncing.';
      } else if (scenario === 'expired') {
        backend.sync.signedIn = false;
        backend.sync.needsSignIn = true;
      }
      void backend.sync.announce();
    });
  }
  (window as unknown as { __fakeBackend?: FakeBackend }).__fakeBackend = backend;
}
