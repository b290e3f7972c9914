'use client';

import { type KeyboardEvent, useState } from 'react';
import { previewUrl } from '@/lib/mail/attachment-kind';
import type { AttachmentDto } from '@/lib/mail/types';
import { AttachmentDialog } from './attachment-dialog';
import { Icon } from './icons';
import styles from './lightbox.module.css';

/**
 * A message's image attachments, one at a time, full size. A modal <dialog>: the browser keeps focus
 * inside, Escape closes it and focus goes back to the thumbnail; ← and → move between the images. The
 * arrow buttons at either end are aria-disabled, not disabled, so the one focused keeps focus (and the keys).
 */
export function Lightbox({
  images,
  start,
  onClose,
}: {
  images: AttachmentDto[];
  start: number;
  onClose: () => void;
}) {
  const [index, setIndex] = useState(start);
  const [failed, setFailed] = useState<ReadonlySet<string>>(new Set());
  const image = images[index];
  if (!image) return null;
  const move = (step: number) =>
    setIndex((current) => Math.min(images.length - 1, Math.max(0, current + step)));
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    move(event.key === 'ArrowLeft' ? -1 : 1);
  };
  return (
    <AttachmentDialog
      name={image.name}
      downloadUrl={image.url}
      width={1100}
      height={860}
      beside={
        images.length > 1 ? (
          <span className={styles.count} aria-live="polite">
            {index + 1} of {images.length}
          </span>
        ) : null
      }
      onKeyDown={onKeyDown}
      onClose={onClose}
    >
      <div className={styles.stage}>
        {images.length > 1 ? (
          <button
            type="button"
            className={styles.step}
            onClick={() => move(-1)}
            aria-disabled={index === 0}
            aria-label="Previous image"
          >
            <Icon name="back" size={22} />
          </button>
        ) : null}
        {failed.has(image.id) ? (
          <p className={styles.failed}>This image can’t be shown. Download it to open it.</p>
        ) : (
          // biome-ignore lint/performance/noImgElement: an API route's image, not a static asset for next/image.
          <img
            key={image.id}
            className={styles.image}
            src={previewUrl(image.url)}
            alt={image.name}
            onError={() => setFailed((current) => new Set(current).add(image.id))}
          />
        )}
        {images.length > 1 ? (
          <button
            type="button"
            className={styles.step}
            onClick={() => move(1)}
            aria-disabled={index === images.length - 1}
            aria-label="Next image"
          >
            <Icon name="chevronRight" size={22} />
          </button>
        ) : null}
      </div>
    </AttachmentDialog>
  );
}
