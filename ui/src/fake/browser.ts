import { TEST_IMPORT_FILE } from '../exchange/files';
import { FakeBackend } from './backend';

/** A shop's file as they come: a phone column the desk does not know by its header, and the usual faults. */
const SAMPLE_IMPORT = [
  'Customer Name,E-mail,Simu,Balance (KES),Status,Package,Estate',
  'Amani Mwende,amani.mwende@example.co.ke,712000111,1500.50,Active,Home 10,Kilimani',
  'Brian Ochieng,brian.ochieng@example,0722 000 222,0,active,Home 5,Langata',
  'Chebet Koech,chebet.koech@example.co.ke,2.54712E+11,250,suspended,Home 10,Ruaka',
  'Daudi Kiprono,daudi.kiprono@example.co.ke,+254 733 000 444,-200.00,active,Business 20,Westlands',
  'Esther Wambui,esther.wambui@example.co.ke,0744000555,10.005,pending,Home 5,Kasarani',
  'Amani Mwende,AMANI.MWENDE@example.co.ke,0712 000 111,1750,active,Home 20,Kilimani',
].join('\n');

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
  // A browser has no native save dialog: saving a PDF goes straight to a pretend folder, and
  // Import opens a sample shop's file from there (as under test: see exchange/files.ts).
  backend.printing.saveFolder = '/tmp/infora-fake';
  backend.exchange.give(`/tmp/infora-fake/${TEST_IMPORT_FILE}`, SAMPLE_IMPORT);
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
