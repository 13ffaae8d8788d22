/** The keyboard shortcuts, always on screen but out of the way. */
export function Shortcuts() {
  return (
    <footer className="shortcuts" aria-label="Keyboard shortcuts">
      <span>
        <kbd>/</kbd> or <kbd>Ctrl</kbd>+<kbd>K</kbd> search
      </span>
      <span>
        <kbd>↑</kbd>
        <kbd>↓</kbd> move
      </span>
      <span>
        <kbd>Enter</kbd> open
      </span>
      <span>
        <kbd>PgUp</kbd>
        <kbd>PgDn</kbd> page
      </span>
      <span>
        <kbd>N</kbd> new customer
      </span>
      <span>
        <kbd>S</kbd> sync
      </span>
      <span>
        <kbd>Esc</kbd> close / back
      </span>
    </footer>
  );
}
