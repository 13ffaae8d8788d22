import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { Customer } from './api/types';
import { NoticesButton } from './notices/NoticesButton';
import { ShiftButton } from './counter/ShiftButton';
import { TakePaymentDialog } from './counter/TakePaymentDialog';
import { CustomerForm } from './customers/CustomerForm';
import { CustomersScreen } from './customers/CustomersScreen';
import { EmptyStore } from './customers/EmptyStore';
import { toQuery, useListState } from './customers/listState';
import { CustomerDetail } from './detail/CustomerDetail';
import { ExportDialog } from './exchange/ExportDialog';
import { ImportWizard } from './exchange/ImportWizard';
import { useStoreIsEmpty } from './queries/customers';
import { useSyncNotices } from './sync/notices';
import { OperatorsDialog } from './desk/OperatorsDialog';
import { useDeskSession, useLockDesk } from './desk/queries';
import { SettingsDialog } from './settings/SettingsDialog';
import { useDeskSettings } from './settings/queries';
import { SignInDialog } from './sync/SignInDialog';
import { SyncScreen } from './sync/SyncScreen';
import { SyncStatusBar } from './sync/SyncStatusBar';
import { ScreenBoundary } from './widgets/ScreenBoundary';
import { Shortcuts } from './widgets/Shortcuts';
import { useToast } from './widgets/Toasts';
import { hasCommandModifier, isModalOpen, isTypingTarget } from './widgets/keyboard';

/** The Sync and Analytics screens remember the screen they were opened from, to go back to it. */
type AnalyticsView = { screen: 'analytics'; back: MainView };
/** A customer's page opened from the analytics (a debtor) goes back to it, as it was. */
type MainView = { screen: 'list' } | { screen: 'detail'; id: string; from?: AnalyticsView };
type View = MainView | { screen: 'sync'; back: MainView } | AnalyticsView;

// Loaded when first opened: the charting library stays out of the app's start.
const AnalyticsScreen = lazy(() => import('./analytics/AnalyticsScreen'));
type FormState = { mode: 'new' } | { mode: 'edit'; customer: Customer } | null;

export function App() {
  const [view, setView] = useState<View>({ screen: 'list' });
  const [form, setForm] = useState<FormState>(null);
  const [listState, dispatch] = useListState();
  const [lastOpenedId, setLastOpenedId] = useState<string | null>(null);
  const [signInOpen, setSignInOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  /** The customer a payment is being taken from. */
  const [paying, setPaying] = useState<string | null>(null);
  const [operatorsOpen, setOperatorsOpen] = useState(false);
  const [exchange, setExchange] = useState<'import' | 'export' | null>(null);
  const settings = useDeskSettings();
  const operator = useDeskSession().data?.operator ?? null;
  const lockDesk = useLockDesk().mutate;
  const searchRef = useRef<HTMLInputElement>(null);
  const focusSearchOnList = useRef(false);
  const storeEmpty = useStoreIsEmpty();
  const toast = useToast();
  useSyncNotices();

  const openCustomer = useCallback((id: string) => {
    setLastOpenedId(id);
    setView({ screen: 'detail', id });
  }, []);

  const backToList = useCallback(() => {
    focusSearchOnList.current = true;
    setView({ screen: 'list' });
  }, []);

  const focusSearch = useCallback(() => {
    if (view.screen !== 'list') {
      backToList();
      return;
    }
    searchRef.current?.focus();
    searchRef.current?.select();
  }, [view.screen, backToList]);

  // Back on the list, the cursor waits in the search box for the next customer.
  useEffect(() => {
    if (view.screen === 'list' && focusSearchOnList.current) {
      focusSearchOnList.current = false;
      searchRef.current?.focus();
      searchRef.current?.select();
    }
  }, [view]);

  const openNew = useCallback(() => setForm({ mode: 'new' }), []);
  const openImport = useCallback(() => setExchange('import'), []);

  const openSync = useCallback(() => setView((v) => (v.screen === 'sync' ? v : { screen: 'sync', back: v.screen === 'analytics' ? v.back : v })), []);
  const closeSync = useCallback(() => {
    if (view.screen !== 'sync') return;
    if (view.back.screen === 'list') focusSearchOnList.current = true;
    setView(view.back);
  }, [view]);
  const openSignIn = useCallback(() => setSignInOpen(true), []);

  const openAnalytics = useCallback(
    () => setView((v) => (v.screen === 'analytics' ? v : { screen: 'analytics', back: v.screen === 'sync' ? v.back : v })),
    [],
  );
  const closeAnalytics = useCallback(() => {
    if (view.screen !== 'analytics') return;
    if (view.back.screen === 'list') focusSearchOnList.current = true;
    setView(view.back);
  }, [view]);
  const openDebtor = useCallback((id: string) => {
    setLastOpenedId(id);
    setView((v) => ({ screen: 'detail', id, from: v.screen === 'analytics' ? v : undefined }));
  }, []);
  const closeDetail = useCallback(() => {
    if (view.screen === 'detail' && view.from) setView(view.from);
    else backToList();
  }, [view, backToList]);

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.defaultPrevented) return;
      if (isModalOpen() && !(hasCommandModifier(e) && e.key.toLowerCase() === 'l')) return;
      const typing = isTypingTarget(e.target);
      const key = e.key.toLowerCase();
      // Ctrl+L locks from anywhere, even with a dialog open: walking away should take one key.
      if (hasCommandModifier(e) && !e.shiftKey && !e.altKey && key === 'l') {
        e.preventDefault();
        lockDesk();
        return;
      }
      if ((hasCommandModifier(e) && key === 'k') || (e.key === '/' && !typing && !hasCommandModifier(e))) {
        e.preventDefault();
        focusSearch();
      } else if ((hasCommandModifier(e) && key === 'n') || (key === 'n' && !typing && !hasCommandModifier(e) && !e.altKey)) {
        e.preventDefault();
        openNew();
      } else if ((hasCommandModifier(e) && !e.shiftKey && key === 'i') || (key === 'i' && !typing && !hasCommandModifier(e) && !e.altKey)) {
        e.preventDefault();
        openImport();
      } else if ((hasCommandModifier(e) && e.shiftKey && key === 's') || (key === 's' && !typing && !hasCommandModifier(e) && !e.altKey)) {
        e.preventDefault();
        openSync();
      } else if (key === 'a' && !typing && !hasCommandModifier(e) && !e.altKey) {
        e.preventDefault();
        openAnalytics();
      } else if (key === 'p' && !typing && !hasCommandModifier(e) && !e.altKey && view.screen === 'detail') {
        e.preventDefault();
        setPaying(view.id);
      } else if (e.key === 'Escape' && view.screen === 'detail') {
        e.preventDefault();
        closeDetail();
      } else if (e.key === 'Escape' && view.screen === 'sync') {
        e.preventDefault();
        closeSync();
      } else if (e.key === 'Escape' && view.screen === 'analytics') {
        e.preventDefault();
        closeAnalytics();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [focusSearch, openNew, openImport, closeDetail, openSync, closeSync, openAnalytics, closeAnalytics, view, lockDesk]);

  function onSaved(customer: Customer, created: boolean) {
    setForm(null);
    if (created) {
      // The phone is shown as stored (+254…), so a typo in a local number is caught here.
      toast.success(`Added ${customer.name} · ${customer.phone}`, {
        label: 'Open',
        run: () => openCustomer(customer.id),
      });
      setLastOpenedId(customer.id);
    } else {
      toast.success(`Saved changes to ${customer.name}`);
    }
  }

  const showWelcome = view.screen === 'list' && storeEmpty.data === true;

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">
          Infora <span>Desk</span>
        </h1>
        <span className="topbar-note">{view.screen === 'sync' ? 'Sync' : view.screen === 'analytics' ? 'Analytics' : 'Customers'}</span>
        <SyncStatusBar onOpenSync={openSync} onSignIn={openSignIn} />
        <ShiftButton />
        <NoticesButton />
        <button
          type="button"
          className="small analytics-open"
          title="Analytics: customers, balances, usage and payments in charts (A)"
          aria-keyshortcuts="A"
          aria-pressed={view.screen === 'analytics'}
          onClick={openAnalytics}
        >
          <span className="analytics-label">Analytics</span>
        </button>
        <button type="button" className="small settings-open" title="Desk settings: region, theme, shop name, idle lock" onClick={() => setSettingsOpen(true)}>
          <span aria-hidden="true">⚙</span> <span className="settings-label">Settings</span>
        </button>
        {operator?.role === 'supervisor' && (
          <button type="button" className="small settings-open" title="Add operators, change roles, reset PINs" onClick={() => setOperatorsOpen(true)}>
            Operators
          </button>
        )}
        {operator && (
          <span className="signed-in" title={`Signed in: ${operator.name}, ${operator.role}`}>
            <span className="signed-in-name">{operator.name}</span>
            <span className="signed-in-role">{operator.role === 'supervisor' ? 'Supervisor' : 'Cashier'}</span>
          </span>
        )}
        <button type="button" className="small lock-desk" title="Lock the desk (Ctrl+L)" aria-keyshortcuts="Control+L" onClick={() => lockDesk()}>
          Lock
        </button>
      </header>

      {view.screen === 'sync' ? (
        <SyncScreen onBack={closeSync} onSettings={openSignIn} />
      ) : view.screen === 'analytics' ? (
        <ScreenBoundary what="Analytics" onBack={closeAnalytics}>
          <Suspense fallback={<main className="screen" aria-busy="true" aria-label="Analytics" />}>
            <AnalyticsScreen onBack={closeAnalytics} onOpenCustomer={openDebtor} />
          </Suspense>
        </ScreenBoundary>
      ) : view.screen === 'detail' ? (
        // The page's main landmark, as on the other screens; the customer's page inside it is a
        // region named "Customer details".
        <main className="screen-frame">
          <CustomerDetail
            key={view.id}
            id={view.id}
            onBack={closeDetail}
            backLabel={view.from ? 'Back to analytics' : undefined}
            onEdit={(customer) => setForm({ mode: 'edit', customer })}
            onOpenSync={openSync}
            onTakePayment={(customer) => setPaying(customer.id)}
          />
        </main>
      ) : storeEmpty.isPending ? (
        // A moment, on start: whether to welcome or to list is not known yet.
        <main className="screen" aria-busy="true" />
      ) : showWelcome ? (
        <EmptyStore onNew={openNew} onImport={openImport} />
      ) : (
        <CustomersScreen
          state={listState}
          dispatch={dispatch}
          searchRef={searchRef}
          onOpen={openCustomer}
          onNew={openNew}
          onTakePayment={setPaying}
          lastOpenedId={lastOpenedId}
          onImport={openImport}
          onExport={() => setExchange('export')}
        />
      )}

      <Shortcuts onAnalytics={openAnalytics} />

      {paying && <TakePaymentDialog customerId={paying} onClose={() => setPaying(null)} />}

      {signInOpen && <SignInDialog onClose={() => setSignInOpen(false)} />}

      {settingsOpen && (
        <SettingsDialog
          settings={settings.data ?? { region: 'en-KE', theme: 'system', shop_name: 'Infora WiFi', idle_lock_minutes: null }}
          mayChange={operator?.role === 'supervisor'}
          onClose={() => setSettingsOpen(false)}
          onSaved={() => {
            setSettingsOpen(false);
            toast.success('Settings saved');
          }}
        />
      )}

      {operatorsOpen && <OperatorsDialog onClose={() => setOperatorsOpen(false)} />}

      {exchange === 'import' && <ImportWizard onClose={() => setExchange(null)} />}
      {exchange === 'export' && <ExportDialog query={toQuery(listState)} onClose={() => setExchange(null)} />}

      {form && (
        <CustomerForm
          customer={form.mode === 'edit' ? form.customer : undefined}
          onClose={() => setForm(null)}
          onSaved={onSaved}
          onOpenCustomer={(id) => {
            setForm(null);
            openCustomer(id);
          }}
        />
      )}
    </div>
  );
}
