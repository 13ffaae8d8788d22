import { useCallback, useEffect, useRef, useState } from 'react';
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
import { Shortcuts } from './widgets/Shortcuts';
import { useToast } from './widgets/Toasts';
import { hasCommandModifier, isModalOpen, isTypingTarget } from './widgets/keyboard';

type MainView = { screen: 'list' } | { screen: 'detail'; id: string };
/** The Sync screen remembers the screen it was opened from, to go back to it. */
type View = MainView | { screen: 'sync'; back: MainView };
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

  const openSync = useCallback(() => setView((v) => (v.screen === 'sync' ? v : { screen: 'sync', back: v })), []);
  const closeSync = useCallback(() => {
    if (view.screen !== 'sync') return;
    if (view.back.screen === 'list') focusSearchOnList.current = true;
    setView(view.back);
  }, [view]);
  const openSignIn = useCallback(() => setSignInOpen(true), []);

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
      } else if (key === 'p' && !typing && !hasCommandModifier(e) && !e.altKey && view.screen === 'detail') {
        e.preventDefault();
        setPaying(view.id);
      } else if (e.key === 'Escape' && view.screen === 'detail') {
        e.preventDefault();
        backToList();
      } else if (e.key === 'Escape' && view.screen === 'sync') {
        e.preventDefault();
        closeSync();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [focusSearch, openNew, openImport, backToList, openSync, closeSync, view, lockDesk]);

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
        <span className="topbar-note">{view.screen === 'sync' ? 'Sync' : 'Customers'}</span>
        <SyncStatusBar onOpenSync={openSync} onSignIn={openSignIn} />
        <ShiftButton />
        <NoticesButton />
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
      ) : view.screen === 'detail' ? (
        // The page's main landmark, as on the other screens; the customer's page inside it is a
        // region named "Customer details".
        <main className="screen-frame">
          <CustomerDetail
            key={view.id}
            id={view.id}
            onBack={backToList}
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

      <Shortcuts />

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
