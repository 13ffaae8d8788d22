import { afterEach, describe, expect, it } from 'vitest';
import { suppressBrowserMenu } from './contextMenu';

function rightClick(target: Element): boolean {
  const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('suppressBrowserMenu', () => {
  let stop = () => {};
  afterEach(() => {
    stop();
    document.body.innerHTML = '';
    window.getSelection()?.removeAllRanges();
  });

  it('refuses the web view menu on the page, but not in text fields or on a selection', () => {
    stop = suppressBrowserMenu();
    document.body.innerHTML = '<p id="text">Wanjiru Kamau</p><input id="field" type="text"><textarea id="notes"></textarea>';
    const text = document.getElementById('text')!;
    expect(rightClick(text)).toBe(true);
    expect(rightClick(document.getElementById('field')!)).toBe(false);
    expect(rightClick(document.getElementById('notes')!)).toBe(false);

    window.getSelection()!.selectAllChildren(text);
    expect(rightClick(text)).toBe(false);
    // A selection elsewhere does not open the menu here.
    document.body.insertAdjacentHTML('beforeend', '<p id="other">Otieno</p>');
    expect(rightClick(document.getElementById('other')!)).toBe(true);
  });

  it('lets the menu back once stopped', () => {
    suppressBrowserMenu()();
    document.body.innerHTML = '<p id="text">x</p>';
    expect(rightClick(document.getElementById('text')!)).toBe(false);
  });
});
