import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/**
 * After a refusal, the cursor goes to the field at fault, where its message is. Returns the
 * function to call with that field's `name`.
 *
 * Chosen when refused, so clearing a message while typing never moves the cursor; a new target
 * each time, so a second refusal of the same field moves it back there. A layout effect (like
 * every focus move here), so focus is there in the same commit that shows the message: a
 * refusal arrives after an await, and a passive effect would run a task later, letting a
 * keystroke in between land in the wrong field.
 */
export function useFocusOnRefusal<F extends string>(formRef: RefObject<HTMLFormElement | null>): (field: F) => void {
  const [target, setTarget] = useState<{ field: F } | null>(null);
  useLayoutEffect(() => {
    if (target) formRef.current?.querySelector<HTMLElement>(`[name="${target.field}"]`)?.focus();
  }, [target, formRef]);
  return useCallback((field: F) => setTarget({ field }), []);
}
