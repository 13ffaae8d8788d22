import { useId, useState, type FormEvent } from 'react';
import type { DeskSettings, Region, Theme } from '../api/types';
import { describeError } from '../api/errors';
import { REGION_NAMES, datePattern, formatDate, formatDay } from '../format';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';
import { Tabs } from '../widgets/Tabs';
import { BackupsSection } from './BackupsSection';
import { useSaveSettings } from './queries';

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Same as the computer' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const SAMPLE_DAY = '2026-12-02';

interface SettingsDialogProps {
  settings: DeskSettings;
  /** Only a supervisor changes the desk's settings; anyone else sees them, and a note. */
  mayChange: boolean;
  onClose: () => void;
  onSaved: (settings: DeskSettings) => void;
  /** The tab shown first. */
  initialTab?: 'desk' | 'backups';
}

/**
 * The desk's settings: the region dates follow, the colour theme, and for a supervisor the shop's
 * name (receipts print it) and the idle lock (minutes without input before the desk locks itself);
 * and, on their own tab, the desk's backups.
 */
export function SettingsDialog({ settings, mayChange, onClose, onSaved, initialTab = 'desk' }: SettingsDialogProps) {
  const [region, setRegion] = useState<Region>(settings.region);
  const [theme, setTheme] = useState<Theme>(settings.theme);
  const [shopName, setShopName] = useState(settings.shop_name);
  const [idleLock, setIdleLock] = useState(settings.idle_lock_minutes === null ? '' : String(settings.idle_lock_minutes));
  const [tab, setTab] = useState<'desk' | 'backups'>(initialTab);
  const save = useSaveSettings();
  const ids = useId();
  const fieldError = (field: string) => save.error?.fields.find((f) => f.field === field)?.message;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!mayChange) return;
    // Blank is "never"; anything else goes to the shell as typed, which names the field if it is wrong.
    const minutes = idleLock.trim() === '' ? null : Number(idleLock.trim());
    save.mutate(
      { region, theme, shop_name: shopName, idle_lock_minutes: minutes },
      { onSuccess: onSaved },
    );
  }

  const deskForm = () => (
    <form className="form-stack" onSubmit={onSubmit} noValidate>
      {!mayChange && (
        <p className="settings-note" role="note">
          Only a supervisor can change the desk's settings. Ask a supervisor to sign in if something here needs changing.
        </p>
      )}
      <fieldset className="plain-fieldset" disabled={!mayChange}>
      <div className="field">
        <label htmlFor={`${ids}-region`}>Region</label>
        <select id={`${ids}-region`} data-autofocus value={region} aria-describedby={`${ids}-region-hint`}
          onChange={(e) => setRegion(e.target.value as Region)}>
          {(Object.keys(REGION_NAMES) as Region[]).map((r) => (
            <option key={r} value={r}>
              {REGION_NAMES[r]}
            </option>
          ))}
        </select>
        <p id={`${ids}-region-hint`} className="field-hint">
          Dates read {formatDate(`${SAMPLE_DAY}T12:00:00Z`, { locale: region, timeZone: 'UTC' })} and are typed as{' '}
          {datePattern(region).placeholder} ({formatDay(SAMPLE_DAY, region)}). Phone numbers are still read as Kenyan.
        </p>
      </div>
      <fieldset className="choice-group">
        <legend>Theme</legend>
        {THEMES.map((t) => (
          <label key={t.value} className="choice">
            <input type="radio" name={`${ids}-theme`} value={t.value} checked={theme === t.value}
              onChange={() => setTheme(t.value)} />
            {t.label}
          </label>
        ))}
      </fieldset>
      {mayChange && (
        <>
          <Field field="shop_name" id={`${ids}-shop`} label="Shop name" value={shopName} onChange={setShopName} required maxLength={60}
            error={fieldError('shop_name')} hint="Printed at the top of every receipt." />
          <Field field="idle_lock_minutes" id={`${ids}-idle`} label="Lock the desk after (minutes without use)" value={idleLock}
            onChange={(v) => setIdleLock(v.replace(/[^0-9]/g, ''))} inputMode="numeric" maxLength={3} error={fieldError('idle_lock_minutes')}
            hint="1 to 240 minutes. Leave empty to never lock by itself (a desk with one person)." />
        </>
      )}
      </fieldset>
      {save.isError && save.error.fields.length === 0 && (
        <p role="alert" className="form-alert">
          {describeError(save.error, 'save the settings')}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {mayChange ? 'Cancel' : 'Close'}
        </button>
        {mayChange && (
          <button type="submit" className="primary" disabled={save.isPending}>
            Save
          </button>
        )}
      </div>
    </form>
  );

  return (
    <Dialog label="Desk settings" onClose={onClose}>
      <Tabs
        idPrefix={`${ids}-settings`}
        label="Desk settings"
        active={tab}
        onChange={setTab}
        tabs={[
          { key: 'desk', label: 'Desk', panel: deskForm },
          { key: 'backups', label: 'Backups', panel: () => <BackupsSection mayManage={mayChange} /> },
        ]}
      />
    </Dialog>
  );
}
