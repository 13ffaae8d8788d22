import { DayPicker } from 'react-day-picker';
import { enGB, enUS, enZA } from 'react-day-picker/locale';
import 'react-day-picker/style.css';
import type { Region } from '../api/types';
import { todayInputValue } from '../format';

// Loaded only when a calendar is first opened (DateField), so the list starts without it.

/** Month and weekday names in the region's English; the week starts on Sunday only in the US. */
function localeOf(region: Region) {
  return region === 'en-US' ? enUS : region === 'en-ZA' ? enZA : enGB;
}

function toDate(iso: string | null | undefined): Date | undefined {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
}

export interface CalendarProps {
  region: Region;
  /** The chosen day, `YYYY-MM-DD`. */
  value: string | null;
  /** The first and last days that can be chosen. */
  min: string;
  max: string;
  onPick: (iso: string) => void;
}

/** A month calendar to pick one day, keyboard-driven (arrows, PgUp/PgDn, Home/End, Enter). */
export default function Calendar({ region, value, min, max, onPick }: CalendarProps) {
  const selected = toDate(value);
  const first = toDate(min)!;
  const last = toDate(max)!;
  return (
    <DayPicker
      mode="single"
      required
      autoFocus
      locale={localeOf(region)}
      selected={selected}
      defaultMonth={selected ?? last}
      startMonth={first}
      endMonth={last}
      disabled={[{ before: first }, { after: last }]}
      captionLayout="dropdown"
      onSelect={(date) => date && onPick(todayInputValue(date))}
    />
  );
}
