/**
 * The keyboard shortcuts, always on screen but out of the way, on one line: a narrower window drops the list's own keys,
 * then the second way to search, so that every hint shown is whole (widgets.css).
 * "A analytics" is also a button: the way to the analytics with the mouse where the top bar has no room for one.
 */
export function Shortcuts({ onAnalytics }: { onAnalytics: () => void }) {
  return (
    <footer className="shortcuts" aria-label="Keyboard shortcuts">
      <span>
        <kbd>/</kbd>
        <span className="shortcut-alt">
          {' '}
          or <kbd>Ctrl</kbd>+<kbd>K</kbd>
        </span>{' '}
        search
      </span>
      <span className="shortcut-extra">
        <kbd>↑</kbd>
        <kbd>↓</kbd> move
      </span>
      <span>
        <kbd>Enter</kbd> open
      </span>
      <span className="shortcut-extra">
        <kbd>PgUp</kbd>
        <kbd>PgDn</kbd> page
      </span>
      <span>
        <kbd>F</kbd> filters
      </span>
      <span>
        <kbd>P</kbd> take payment
      </span>
      <span>
        <kbd>N</kbd> new customer
      </span>
      <span className="shortcut-extra">
        <kbd>I</kbd> import
      </span>
      <span>
        <kbd>S</kbd> sync
      </span>
      <button type="button" className="shortcut-button" aria-keyshortcuts="A" onClick={onAnalytics}>
        <kbd>A</kbd> analytics
      </button>
      <span>
        <kbd>Esc</kbd> close / back
      </span>
    </footer>
  );
}
