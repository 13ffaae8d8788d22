import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Dialog } from './Dialog';

/** Renders slowly, as everything does on a loaded machine: React yields to other work after it. */
function Slow() {
  const until = performance.now() + 20;
  while (performance.now() < until);
  return null;
}

/** Opens its dialog only once an answer arrives, as the backup screen does after the file picker. */
function AfterAnswer() {
  const [open, setOpen] = useState(false);
  async function onPick() {
    await new Promise((resolve) => setTimeout(resolve, 20));
    setOpen(true);
  }
  return (
    <>
      <button type="button" onClick={onPick}>Pick…</button>
      {open && (
        <Dialog label="Restore?" onClose={() => setOpen(false)}>
          <Slow />
          <button type="button" data-autofocus onClick={() => setOpen(false)}>Cancel</button>
          <button type="button">Restore</button>
        </Dialog>
      )}
    </>
  );
}

/** Resolves on the first change to the page: before any task React left for later. */
const nextMutation = () =>
  new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });

describe('dialog', () => {
  it('has focus inside as soon as it is on the page, even when it opens after an await', async () => {
    const user = userEvent.setup();
    render(<AfterAnswer />);
    const pick = screen.getByRole('button', { name: 'Pick…' });
    const shown = nextMutation();
    await user.click(pick);
    await shown;
    const dialog = screen.getByRole('dialog', { name: 'Restore?' });
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(dialog).not.toBeInTheDocument();
    expect(pick).toHaveFocus();
  });
});
