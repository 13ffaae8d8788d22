import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useDebouncedValue } from './useDebouncedValue';

afterEach(() => {
  vi.useRealTimers();
});

describe('useDebouncedValue', () => {
  it('settles only once the value has stopped changing for the delay', () => {
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ v }) => useDebouncedValue(v, 100), { initialProps: { v: '' } });
    rerender({ v: 'w' });
    act(() => void vi.advanceTimersByTime(60));
    rerender({ v: 'wa' });
    act(() => void vi.advanceTimersByTime(60));
    rerender({ v: 'wan' });
    act(() => void vi.advanceTimersByTime(99));
    expect(result.current).toBe('');
    act(() => void vi.advanceTimersByTime(1));
    expect(result.current).toBe('wan');
  });
});
