import { act, fireEvent, renderHook, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TOASTS, TOAST_LIFETIME, ToastProvider, useToast } from './Toasts';

/** The toast functions, called from the test as a screen would, with the toasts on the page. */
function renderToasts(): ReturnType<typeof useToast> {
  return renderHook(useToast, { wrapper: ToastProvider }).result.current;
}

const texts = () => [...document.querySelectorAll('.toast-text')].map((t) => t.textContent);

describe('toasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets a success fade after a few seconds and keeps an error three times as long', () => {
    const toast = renderToasts();
    act(() => {
      toast.success('Saved changes to Wanjiru Kamau');
      toast.error('Could not suspend Otieno: the store is busy. Try again.');
    });
    act(() => vi.advanceTimersByTime(TOAST_LIFETIME.success));
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not suspend Otieno');
    act(() => vi.advanceTimersByTime(TOAST_LIFETIME.error - TOAST_LIFETIME.success));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps a notice until it is dismissed, whatever the time or the pointer does', () => {
    const toast = renderToasts();
    act(() => toast.notice('Chebet’s package stays "Basic WiFi".'));
    const shown = screen.getByText('Chebet’s package stays "Basic WiFi".').parentElement!;
    expect(shown).toHaveClass('toast-notice');
    act(() => vi.advanceTimersByTime(TOAST_LIFETIME.error * 10));
    fireEvent.mouseEnter(shown);
    fireEvent.mouseLeave(shown);
    act(() => vi.advanceTimersByTime(TOAST_LIFETIME.error * 10));
    // Said politely (it is news, not a failure), and still there.
    expect(within(screen.getByRole('status')).getByText('Chebet’s package stays "Basic WiFi".')).toBeInTheDocument();
    fireEvent.click(within(shown).getByRole('button', { name: 'Dismiss' }));
    expect(texts()).toEqual([]);
  });

  it('closes at once with its Dismiss button', () => {
    const toast = renderToasts();
    act(() => toast.error('Could not delete Achieng Auma.'));
    fireEvent.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows only the newest few, dropping old successes before errors', () => {
    const toast = renderToasts();
    act(() => {
      toast.error('Error 1');
      for (let i = 1; i <= 6; i++) toast.success(`Saved ${i}`);
    });
    expect(texts()).toHaveLength(MAX_TOASTS);
    expect(texts()).toEqual(['Saved 4', 'Saved 5', 'Saved 6', 'Error 1']);
  });

  it('shows the same message once, its time starting over', () => {
    const toast = renderToasts();
    act(() => toast.error('The store is busy. Try again.'));
    act(() => vi.advanceTimersByTime(TOAST_LIFETIME.error - 1_000));
    act(() => toast.error('The store is busy. Try again.'));
    expect(texts()).toEqual(['The store is busy. Try again.']);
    act(() => vi.advanceTimersByTime(2_000));
    expect(texts()).toEqual(['The store is busy. Try again.']);
    act(() => vi.advanceTimersByTime(TOAST_LIFETIME.error));
    expect(texts()).toEqual([]);
  });

  it('stays while the pointer or the keyboard is on it', () => {
    const toast = renderToasts();
    act(() => toast.success('Added Wanjiru Kamau', { label: 'Open', run: () => {} }));
    const shown = screen.getByText('Added Wanjiru Kamau').parentElement!;
    fireEvent.mouseEnter(shown);
    act(() => vi.advanceTimersByTime(TOAST_LIFETIME.success * 3));
    expect(texts()).toEqual(['Added Wanjiru Kamau']);
    fireEvent.mouseLeave(shown);
    act(() => vi.advanceTimersByTime(TOAST_LIFETIME.success));
    expect(texts()).toEqual([]);
  });
});
