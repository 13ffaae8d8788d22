import { useRef, useState, type FormEvent } from 'react';
import { describeError } from '../api/errors';
import { fieldMessage } from '../format';
import type { SyncStatus } from '../api/types';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';
import { useFocusOnRefusal } from '../widgets/focus';
import { useToast } from '../widgets/Toasts';
import { useSignIn, useSignOut, useSyncStatus } from './queries';

type FieldName = 'central_url' | 'email' | 'password';
const FIELD_ORDER: FieldName[] = ['central_url', 'email', 'password'];


/**
 * The sync account: sign in (central's address, email, password) or, when signed in, who and where
 * with "Sign out". The password lives only in this form's state until it is sent, and is
 * cleared the moment it is: it is never written anywhere in the window.
 */
export function SignInDialog({ onClose }: { onClose: () => void }) {
  // Read here, not passed down: the app around it need not re-render on every status event.
  const { data: status } = useSyncStatus();
  // Held here, not in the signed-in view: the status event saying "signed out" can arrive
  // before the command answers, and the view it unmounts would drop the answer (and never
  // close the dialog). While it is under way, the signed-in view stays.
  const signOut = useSignOut();
  const signedIn = (!!status?.signed_in && !status.needs_sign_in) || signOut.isPending;
  return (
    <Dialog label="Sync settings" title={signedIn ? 'Sync account' : 'Sign in to sync'} onClose={onClose}>
      <p className="sync-note">
        Sync is optional: Infora Desk works fully on this computer without it. When signed in, the changes made
        here are sent to the central Infora system and its changes are brought here, whenever there is a
        connection.
      </p>
      {signedIn && status ? (
        <SignedIn status={status} signOut={signOut} onClose={onClose} />
      ) : (
        <SignInForm status={status} onClose={onClose} />
      )}
    </Dialog>
  );
}

function SignedIn({
  status,
  signOut,
  onClose,
}: {
  status: SyncStatus;
  signOut: ReturnType<typeof useSignOut>;
  onClose: () => void;
}) {
  const toast = useToast();
  const account = status.account;
  return (
    <>
      {account && (
        <dl className="sync-account">
          <div>
            <dt>Signed in as</dt>
            <dd>
              {account.name} ({account.email})
            </dd>
          </div>
          <div>
            <dt>Central system</dt>
            <dd>{account.central_url}</dd>
          </div>
        </dl>
      )}
      <div className="dialog-actions">
        <span className="dialog-hint">Signing out stops sync; nothing on this desk is deleted.</span>
        <button
          type="button"
          className="danger-outline"
          disabled={signOut.isPending}
          onClick={() =>
            signOut.mutate(undefined, {
              onSuccess: () => {
                toast.success('Signed out of the central system. Changes wait here until you sign in again.');
                onClose();
              },
              onError: (error) => toast.error(describeError(error, 'sign out')),
            })
          }
        >
          Sign out
        </button>
        <button type="button" className="primary" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </>
  );
}

function SignInForm({ status, onClose }: { status: SyncStatus | undefined; onClose: () => void }) {
  const { signIn, pending } = useSignIn();
  const toast = useToast();
  const remembered = status?.account;
  const [centralUrl, setCentralUrl] = useState(remembered?.central_url ?? '');
  const [email, setEmail] = useState(remembered?.email ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // After a refusal the cursor goes to the first field at fault (the password when it was wrong).
  const focusAfterRefusal = useFocusOnRefusal<FieldName>(formRef);
  // The cursor starts in the first empty field: the password when the desk remembers the rest.
  const [focusFirst] = useState<FieldName>(() => (!centralUrl ? 'central_url' : !email ? 'email' : 'password'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    const typed = password;
    setPassword('');
    setErrors({});
    setAlert(null);
    try {
      const status = await signIn(centralUrl, email, typed);
      toast.success(`Signed in to ${status.account?.central_url ?? centralUrl} as ${status.account?.name ?? email}. Sync starts now.`);
      onClose();
    } catch (err) {
      const error = err as Parameters<typeof describeError>[0];
      const byField: Partial<Record<FieldName, string>> = {};
      const other: string[] = [];
      for (const f of error.fields) {
        // Under its input, the message reads as a sentence of its own: "Central address must …".
        if ((FIELD_ORDER as string[]).includes(f.field)) byField[f.field as FieldName] = fieldMessage(f.field, f.message);
        else other.push(fieldMessage(f.field, f.message));
      }
      let said: string | null = null;
      if (error.code === 'unauthorized') said = 'The central system did not accept this email and password. Check them and try again.';
      else if (error.code === 'unavailable') said = describeError(error);
      else if (error.fields.length === 0 || other.length > 0) said = other.length > 0 ? other.join('; ') : error.message;
      setErrors(byField);
      setAlert(said);
      const field = FIELD_ORDER.find((f) => byField[f]) ?? (said ? 'password' : undefined);
      if (field) focusAfterRefusal(field);
    }
  }

  const clear = (field: FieldName, set: (v: string) => void) => (value: string) => {
    set(value);
    if (errors[field]) setErrors((all) => ({ ...all, [field]: undefined }));
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in to the central system">
      {status?.needs_sign_in && (
        <p className="sync-callout">
          The central system ended this desk’s session. Sign in again to carry on syncing; nothing made here is lost.
        </p>
      )}
      <div className="form-stack">
        <Field
          field="central_url"
          id="sync-central"
          label="Central address"
          type="url"
          inputMode="url"
          placeholder="https://billing.example.co.ke"
          value={centralUrl}
          onChange={clear('central_url', setCentralUrl)}
          error={errors.central_url}
          autoComplete="off"
          spellCheck={false}
          data-autofocus={focusFirst === 'central_url' || undefined}
        />
        <Field
          field="email"
          id="sync-email"
          label="Email"
          type="email"
          placeholder="you@example.co.ke"
          value={email}
          onChange={clear('email', setEmail)}
          error={errors.email}
          autoComplete="off"
          spellCheck={false}
          data-autofocus={focusFirst === 'email' || undefined}
        />
        <Field
          field="password"
          id="sync-password"
          label="Password"
          type="password"
          value={password}
          onChange={clear('password', setPassword)}
          error={errors.password}
          autoComplete="off"
          data-autofocus={focusFirst === 'password' || undefined}
          hint="Not kept on this computer: the app keeps only a sign-in token, in the system's keychain."
        />
      </div>
      {alert && (
        <div role="alert" className="form-alert">
          <p>{alert}</p>
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={pending} aria-busy={pending}>
          Sign in
        </button>
      </div>
    </form>
  );
}
