import { describe, expect, it } from 'vitest';
import { categoryColor } from './category-colors';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r = 0, g = 0, bl = 0] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

describe('category colours', () => {
  it('names the 25 presets as Outlook does', () => {
    expect(categoryColor('preset0').name).toBe('Red');
    expect(categoryColor('preset7').name).toBe('Blue');
    expect(categoryColor('preset24').name).toBe('Dark cranberry');
    expect(new Set(Array.from({ length: 25 }, (_, i) => categoryColor(`preset${i}`).name)).size).toBe(25);
  });

  it('gives none, unknown and malformed presets the neutral colour', () => {
    for (const value of ['none', 'preset25', 'Preset1', '', null, undefined]) {
      expect(categoryColor(value).preset).toBe('none');
    }
  });

  it('keeps every pill readable on both themes (contrast at least 4.5:1)', () => {
    for (const preset of ['none', ...Array.from({ length: 25 }, (_, i) => `preset${i}`)]) {
      const { light, dark } = categoryColor(preset);
      expect(contrast(light.background, light.text), `${preset} light`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(dark.background, dark.text), `${preset} dark`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
