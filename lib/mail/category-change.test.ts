import { describe, expect, it } from 'vitest';
import { categoriesAfter } from './category-change';

describe('categoriesAfter', () => {
  it('sets all, or gives and takes some while each message keeps its others, or leaves them alone', () => {
    expect(categoriesAfter(['Red'], { categories: ['Blue'] })).toEqual(['Blue']);
    expect(categoriesAfter(['Red', 'Green'], { addCategories: ['Blue', 'Red'] })).toEqual([
      'Red',
      'Green',
      'Blue',
    ]);
    expect(categoriesAfter(['Red', 'Green'], { removeCategories: ['Red'] })).toEqual(['Green']);
    expect(categoriesAfter(['Red'], { addCategories: ['Blue'], removeCategories: ['Red'] })).toEqual([
      'Blue',
    ]);
    expect(categoriesAfter(['Red'], {})).toBeNull();
    expect(categoriesAfter(['Red'], { addCategories: [] })).toBeNull();
  });
});
