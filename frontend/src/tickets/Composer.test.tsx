import { describe, expect, it } from 'vitest';
import { afterSending } from './Composer';

describe('the composer after a send', () => {
  it('empties when nothing was typed meanwhile', () => {
    expect(afterSending('Thanks, fixed.', 'Thanks, fixed.')).toBe('');
  });

  it('keeps what the agent typed while the message was on its way', () => {
    expect(afterSending('Thanks, fixed.Facilities called', 'Thanks, fixed.')).toBe('Facilities called');
    expect(afterSending('Thanks, fixed.\n\nNext point', 'Thanks, fixed.')).toBe('Next point');
  });

  it('keeps everything when the sent part itself was edited (nothing is silently lost)', () => {
    expect(afterSending('Thanks, all fixed.', 'Thanks, fixed.')).toBe('Thanks, all fixed.');
  });
});
