'use client';

import { useCallback, useState } from 'react';
import type { InlineImageDto } from '@/lib/mail/types';
import { apiRequest, errorMessage, isNetworkError } from './api-client';

/** What Microsoft 365 takes in one POST of an attachment; bigger pictures are attached instead. */
export const MAX_INLINE_IMAGE_BYTES = 3 * 1024 * 1024;
const IMAGE_TYPE = /^image\/(?:png|jpeg|gif|webp)$/i;

/**
 * Pictures pasted, dropped or picked into a message body: each becomes an inline attachment of the draft
 * (the draft is saved first if it has no id yet), and the editor shows it from the URL this resolves with.
 */
export function useInlineImages(draftId: () => Promise<string>) {
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const upload = useCallback(
    async (file: File): Promise<string | null> => {
      const name = file.name || 'image';
      if (!IMAGE_TYPE.test(file.type)) {
        setError(
          `“${name}” isn’t a PNG, JPEG, GIF or WebP picture, so it can’t go in the text. Attach it instead.`,
        );
        return null;
      }
      if (file.size > MAX_INLINE_IMAGE_BYTES) {
        setError(`“${name}” is larger than 3 MB, the most a picture in the text can be. Attach it instead.`);
        return null;
      }
      setError(null);
      setPending((n) => n + 1);
      try {
        const id = await draftId();
        const image = await apiRequest<InlineImageDto>(`/api/drafts/${encodeURIComponent(id)}/inline`, {
          method: 'POST',
          body: file,
          headers: { 'content-type': file.type, 'x-file-name': encodeURIComponent(name) },
        });
        return image.url;
      } catch (failure) {
        setError(
          isNetworkError(failure)
            ? `“${name}” wasn’t added: you’re offline. Paste it again when you’re back online.`
            : `“${name}” couldn’t be added: ${errorMessage(failure)}`,
        );
        return null;
      } finally {
        setPending((n) => n - 1);
      }
    },
    [draftId],
  );

  return { upload, pending, error, dismissError: useCallback(() => setError(null), []) };
}
