import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLater } from './useLater';

describe('useLater', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns on only when the flag has stayed on for the delay, and off at once', () => {
    const { result, rerender } = renderHook(({ on }) => useLater(on, 250), { initialProps: { on: false } });
    rerender({ on: true });
    act(() => vi.advanceTimersByTime(249));
    expect(result.current).toBe(false); // a quick answer never dims anything
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(true);
    rerender({ on: false });
    expect(result.current).toBe(false); // the very render the answer arrives in
  });

  it('starts counting again each time the flag turns on', () => {
    const { result, rerender } = renderHook(({ on }) => useLater(on, 250), { initialProps: { on: true } });
    act(() => vi.advanceTimersByTime(200));
    rerender({ on: false });
    rerender({ on: true });
    act(() => vi.advanceTimersByTime(200));
    expect(result.current).toBe(false);
  });
});
