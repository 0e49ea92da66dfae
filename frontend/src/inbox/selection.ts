import { useCallback, useState } from 'react';

/**
 * Multi-select over an ordered list of ids: click toggles one, shift-click selects the
 * range from the last clicked row, and "all" selects every loaded row.
 */
export interface Selection {
  ids: ReadonlySet<number>;
  anchor: number | null;
}

export const emptySelection: Selection = { ids: new Set(), anchor: null };

export function toggle(sel: Selection, id: number): Selection {
  const ids = new Set(sel.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/** Selects every row between the anchor and `id` (inclusive) in `order`; without an anchor, just toggles. */
export function extendTo(sel: Selection, id: number, order: readonly number[]): Selection {
  const from = sel.anchor === null ? -1 : order.indexOf(sel.anchor);
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return toggle(sel, id);
  const ids = new Set(sel.ids);
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) ids.add(order[i]);
  return { ids, anchor: id };
}

/** All of `order` selected, or none when all already were. */
export function toggleAll(sel: Selection, order: readonly number[]): Selection {
  const all = order.length > 0 && order.every((id) => sel.ids.has(id));
  return all ? emptySelection : { ids: new Set(order), anchor: null };
}

export function useSelection() {
  const [selection, setSelection] = useState<Selection>(emptySelection);
  return {
    selected: selection.ids,
    toggle: useCallback((id: number) => setSelection((s) => toggle(s, id)), []),
    extendTo: useCallback((id: number, order: readonly number[]) => setSelection((s) => extendTo(s, id, order)), []),
    toggleAll: useCallback((order: readonly number[]) => setSelection((s) => toggleAll(s, order)), []),
    clear: useCallback(() => setSelection(emptySelection), []),
  };
}
