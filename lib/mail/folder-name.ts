import { z } from 'zod';

/** A folder name as people type it: trimmed, not blank, within Exchange's 255 characters. */
export const folderName = z
  .string()
  .trim()
  .min(1, 'Give the folder a name.')
  .max(255, 'A folder name can be at most 255 characters.');
