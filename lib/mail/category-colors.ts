import type { CategoryColorDto } from './types';

/*
 * Graph names a category's colour preset0…preset24 and leaves the palette to the client. These are the
 * names Outlook gives the presets and colours close to Outlook on the web's pills: on the light theme a
 * pale fill with dark text, on the dark theme a deep fill with light text, each pair readable (WCAG AA).
 */

/** [Outlook's name, light background, light text, dark background, dark text] per preset. */
const PRESETS: readonly (readonly [string, string, string, string, string])[] = [
  ['Red', '#fde7e9', '#a4262c', '#5c1a1d', '#ffb3b8'],
  ['Orange', '#fed9cc', '#8e3200', '#5a2712', '#ffc2a8'],
  ['Brown', '#f1dfcf', '#6b4226', '#4a3424', '#e8c6a6'],
  ['Yellow', '#fff4ce', '#6d5700', '#4d4419', '#ffe58f'],
  ['Green', '#dff6dd', '#0e5c0e', '#1e4a1e', '#a8e6a1'],
  ['Teal', '#ccf1ee', '#005e58', '#12433f', '#9fe3dc'],
  ['Olive', '#e8efd9', '#4b5a1e', '#3a4222', '#cddba4'],
  ['Blue', '#deecf9', '#004e8c', '#173a5c', '#a9d1f7'],
  ['Purple', '#e9e1f5', '#5c2e91', '#3d2a5c', '#d4bff5'],
  ['Cranberry', '#f6dde4', '#8a1538', '#55202f', '#f5b3c6'],
  ['Steel', '#dde7ee', '#3b5569', '#2c3b47', '#bcd0de'],
  ['Dark steel', '#d3dde4', '#27394a', '#263440', '#aebfcc'],
  ['Gray', '#e8e8e8', '#474747', '#3a3a3a', '#d0d0d0'],
  ['Dark gray', '#d6d6d6', '#2b2b2b', '#333333', '#bdbdbd'],
  ['Black', '#cfcfcf', '#111111', '#1f1f1f', '#e6e6e6'],
  ['Dark red', '#f2d0d2', '#750b1c', '#4d1016', '#f4a8ae'],
  ['Dark orange', '#f6d6c2', '#7a2d00', '#4f2410', '#f5b48c'],
  ['Dark brown', '#e6d5c5', '#4d2f1a', '#3d2b1f', '#dcc0a5'],
  ['Dark yellow', '#f3e8b8', '#5a4700', '#45391a', '#efd77a'],
  ['Dark green', '#d0ead0', '#0b4a0b', '#183d18', '#95d88e'],
  ['Dark teal', '#c4e6e3', '#004a45', '#0f3835', '#86d3cb'],
  ['Dark olive', '#dde5cc', '#3b4716', '#30371c', '#bccb8c'],
  ['Dark blue', '#d0e0f2', '#003a6b', '#142f4d', '#94c1ef'],
  ['Dark purple', '#ded3ee', '#47226f', '#33234d', '#c3a8ee'],
  ['Dark cranberry', '#eecfd9', '#6e0f2d', '#471a27', '#ee9fb6'],
];

const NONE: CategoryColorDto = {
  preset: 'none',
  name: 'None',
  light: { background: '#ececec', text: '#3b3b3b' },
  dark: { background: '#383838', text: '#dcdcdc' },
};

/** The colour of a Graph preset (preset0…preset24); anything else, "none" included, is the neutral one. */
export function categoryColor(preset: string | null | undefined): CategoryColorDto {
  const match = /^preset(\d{1,2})$/.exec(preset ?? '');
  const entry = match ? PRESETS[Number(match[1])] : undefined;
  if (!match || !entry) return NONE;
  const [name, lightBackground, lightText, darkBackground, darkText] = entry;
  return {
    preset: `preset${Number(match[1])}`,
    name,
    light: { background: lightBackground, text: lightText },
    dark: { background: darkBackground, text: darkText },
  };
}

/** The colour of a category a message carries but the master list lacks: neutral, as Outlook shows it. */
export const UNLISTED_CATEGORY_COLOR = NONE;
