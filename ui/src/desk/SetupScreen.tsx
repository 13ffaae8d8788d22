import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../api/errors';
import { Field } from '../widgets/Field';
import { PinField } from './PinField';
import { useSetUpDesk } from './queries';

/**
 * The first start: the shop's name (receipts print it) and the first supervisor, who chooses a
 * PIN (typed twice). Shown only while the desk has no operator; the supervisor is then signed in.
 */
export function SetupScreen() {
  const [shopName, setShopName] = useState('Infora WiFi');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const setUp = useSetUpDesk();
  const ids = useId();
  const fieldError = (field: string) => setUp.error?.fields.find((f) => f.field === field)?.message;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (pin !== pinAgain) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setUp.mutate({ shopName, name, pin });
  }

  const otherError = setUp.isError && setUp.error.fields.length === 0;
  return (
    <main className="desk-gate" aria-labelledby={`${ids}-title`}>
      <form className="desk-card form-stack" onSubmit={onSubmit} noValidate>
        <p className="desk-brand">
          Infora <span>Desk</span>
        </p>
        <h1 id={`${ids}-title`}>Set up this desk</h1>
        <p className="desk-lead">
          Who looks after this desk? You will be its first supervisor: you can add cashiers and change the desk's settings. Everyone signs in with
          their own PIN.
        </p>
        <Field field="shop_name" id={`${ids}-shop`} label="Shop name" value={shopName} onChange={setShopName} required maxLength={60}
          error={fieldError('shop_name')} hint="Printed at the top of every receipt." />
        <Field field="name" id={`${ids}-name`} label="Your name" value={name} onChange={setName} required maxLength={40}
          error={fieldError('name')} autoComplete="off" autoFocus />
        <div className="pin-pair">
          <PinField id={`${ids}-pin`} label="Choose a PIN" value={pin} onChange={setPin} error={fieldError('pin')} hint="4 to 8 digits." />
          <PinField id={`${ids}-pin-again`} field="pin_again" label="Type the PIN again" value={pinAgain} onChange={setPinAgain}
            error={mismatch ? 'The two PINs are not the same: type them again.' : undefined} />
        </div>
        {otherError && (
          <p role="alert" className="form-alert">
            {describeError(setUp.error, 'set up the desk')}
          </p>
        )}
        <button type="submit" className="primary desk-submit" disabled={setUp.isPending}>
          {setUp.isPending ? 'Setting up…' : 'Set up this desk'}
        </button>
      </form>
    </main>
  );
}
