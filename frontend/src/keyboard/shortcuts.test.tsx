import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { isTypingTarget, moveIndex, useShortcuts, type ShortcutMap } from './shortcuts';

function Harness({ map }: { map: ShortcutMap }) {
  useShortcuts(map);
  return (
    <div>
      <input aria-label="text" />
      <input aria-label="check" type="checkbox" />
      <textarea aria-label="area" />
    </div>
  );
}

describe('moveIndex', () => {
  it('starts at the first row going down and the last going up', () => {
    expect(moveIndex(-1, 1, 5)).toBe(0);
    expect(moveIndex(-1, -1, 5)).toBe(4);
  });
  it('moves one step and stops at either end', () => {
    expect(moveIndex(2, 1, 5)).toBe(3);
    expect(moveIndex(4, 1, 5)).toBe(4);
    expect(moveIndex(0, -1, 5)).toBe(0);
  });
  it('has nowhere to go in an empty list', () => expect(moveIndex(-1, 1, 0)).toBe(-1));
});

describe('useShortcuts', () => {
  it('runs the handler for a key pressed outside text boxes', () => {
    const j = vi.fn();
    render(<Harness map={{ j }} />);
    fireEvent.keyDown(document.body, { key: 'j' });
    expect(j).toHaveBeenCalledTimes(1);
  });

  it('leaves keys typed into text boxes alone, but not keys on checkboxes', () => {
    const j = vi.fn();
    const { getByLabelText } = render(<Harness map={{ j }} />);
    fireEvent.keyDown(getByLabelText('text'), { key: 'j' });
    fireEvent.keyDown(getByLabelText('area'), { key: 'j' });
    expect(j).not.toHaveBeenCalled();
    fireEvent.keyDown(getByLabelText('check'), { key: 'j' });
    expect(j).toHaveBeenCalledTimes(1);
  });

  it('ignores keys with Ctrl, Alt or Meta (browser shortcuts)', () => {
    const r = vi.fn();
    render(<Harness map={{ r }} />);
    fireEvent.keyDown(document.body, { key: 'r', ctrlKey: true });
    fireEvent.keyDown(document.body, { key: 'r', metaKey: true });
    expect(r).not.toHaveBeenCalled();
  });

  it('stays out of the way while a modal dialog is open', () => {
    const a = vi.fn();
    render(<Harness map={{ a }} />);
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    document.body.append(dialog);
    fireEvent.keyDown(document.body, { key: 'a' });
    dialog.remove();
    fireEvent.keyDown(document.body, { key: 'a' });
    expect(a).toHaveBeenCalledTimes(1);
  });

  it('knows which elements take text', () => {
    expect(isTypingTarget(document.createElement('select'))).toBe(true);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
