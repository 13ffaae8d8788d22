import { afterEach, describe, expect, it } from 'vitest';
import { formatDate } from './date';
import { datePattern, formatDay, parseDay, setDeskRegion } from './region';

describe('the desk region', () => {
  afterEach(() => setDeskRegion('en-KE'));

  it('writes the day first in Kenya and the month first in the United States', () => {
    expect(datePattern('en-KE').placeholder).toBe('DD/MM/YYYY');
    expect(datePattern('en-US').placeholder).toBe('MM/DD/YYYY');
    expect(formatDay('2026-12-02', 'en-KE')).toBe('02/12/2026');
    expect(formatDay('2026-12-02', 'en-US')).toBe('12/02/2026');
  });

  it('reads a typed day in the region order, with any separator, and refuses days that do not exist', () => {
    expect(parseDay('02/12/2026', 'en-KE')).toBe('2026-12-02');
    expect(parseDay('2-12-2026', 'en-KE')).toBe('2026-12-02');
    expect(parseDay('2.12.2026', 'en-KE')).toBe('2026-12-02');
    expect(parseDay('12/02/2026', 'en-US')).toBe('2026-12-02');
    expect(parseDay('2026-12-02', 'en-US')).toBe('2026-12-02');
    expect(parseDay('31/02/2026', 'en-KE')).toBeNull();
    expect(parseDay('02/12/26', 'en-KE')).toBeNull();
    expect(parseDay('yesterday', 'en-KE')).toBeNull();
    expect(parseDay('', 'en-KE')).toBeNull();
  });

  it('shows dates on screen in the desk region, not the machine locale', () => {
    setDeskRegion('en-KE');
    expect(formatDate('2026-12-02T09:00:00Z', { timeZone: 'Africa/Nairobi' })).toBe('2 Dec 2026');
    setDeskRegion('en-US');
    expect(formatDate('2026-12-02T09:00:00Z', { timeZone: 'Africa/Nairobi' })).toBe('Dec 2, 2026');
  });
});
