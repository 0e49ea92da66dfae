import { describe, expect, it } from 'vitest';
import { fitScale, MIN_SCALE } from './SandboxedHtml';

describe('zooming wide mail to its frame', () => {
  it('leaves mail that fits at full size', () => {
    expect(fitScale(600, 900)).toBe(1);
    expect(fitScale(330, 330)).toBe(1);
  });

  it('zooms a 600 px newsletter out to a phone-wide frame, but never below the minimum', () => {
    expect(fitScale(600, 330)).toBeCloseTo(0.55, 2);
    expect(fitScale(2000, 330)).toBe(MIN_SCALE);
  });

  it('does not zoom a frame that has no width yet', () => {
    expect(fitScale(600, 0)).toBe(1);
  });
});
