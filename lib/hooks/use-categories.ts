'use client';

import useSWR from 'swr';
import { UNLISTED_CATEGORY_COLOR } from '@/lib/mail/category-colors';
import type { CategoryColorDto, CategoryListDto } from '@/lib/mail/types';
import { useKeyAfterFirstList } from './first-list';
import { CATEGORIES_KEY } from './keys';

/** The mailbox's categories and a lookup of a name's colour (neutral for names the list lacks). */
export function useCategories() {
  const { key, fallbackData } = useKeyAfterFirstList<CategoryListDto>(CATEGORIES_KEY);
  const query = useSWR<CategoryListDto>(key, {
    fallbackData,
    // The list changes rarely (in Outlook's settings): no need to re-read it on every focus.
    revalidateOnFocus: false,
    dedupingInterval: 60_000,
  });
  const categories = query.data?.categories ?? [];
  const colorOf = (name: string): CategoryColorDto =>
    categories.find((c) => c.displayName.toLowerCase() === name.toLowerCase())?.color ??
    UNLISTED_CATEGORY_COLOR;
  return { categories, available: query.data?.available ?? true, colorOf, error: query.error as unknown };
}
