import { useId, useState, type FormEvent } from 'react';
import type { DeskSettings, Region, Theme } from '../api/types';
import { describeError } from '../api/errors';
import { REGION_NAMES, datePattern, formatDate, formatDay } from '../format';
import { Dialog } from '../widgets/Dialog';
import { useSaveSettings } from './queries';

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Same as the computer' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const SAMPLE_DAY = '2026-12-02';

interface SettingsDialogProps {
  settings: DeskSettings;
  onClose: () => void;
  onSaved: (settings: DeskSettings) => void;
}

/** The desk's settings: the region dates follow, and the colour theme. */
export function SettingsDialog({ settings, onClose, onSaved }: SettingsDialogProps) {
  const [region, setRegion] = useState<Region>(settings.region);
  const [theme, setTheme] = useState<Theme>(settings.theme);
  const save = useSaveSettings();
  const ids = useId();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ region, theme }, { onSuccess: onSaved });
  }

  return (
    <Dialog label="Desk settings" onClose={onClose}>
      <form className="form-stack" onSubmit={onSubmit} noValidate>
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
        {save.isError && (
          <p role="alert" className="form-alert">
            {describeError(save.error, 'save the settings')}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={save.isPending}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
