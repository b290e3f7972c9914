'use client';

import { type KeyboardEvent, useState } from 'react';
import { previewUrl } from '@/lib/mail/attachment-kind';
import type { AttachmentDto } from '@/lib/mail/types';
import { FileName } from './file-name';
import { Icon } from './icons';
import styles from './lightbox.module.css';
import { useModalDialog } from './use-modal-dialog';

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
  const dialog = useModalDialog();
  const [index, setIndex] = useState(start);
  const [failed, setFailed] = useState<ReadonlySet<string>>(new Set());
  const image = images[index];
  if (!image) return null;
  const move = (step: number) =>
    setIndex((current) => Math.min(images.length - 1, Math.max(0, current + step)));
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      move(event.key === 'ArrowLeft' ? -1 : 1);
    } else dialog.onKeyDown(event);
  };
  return (
    <dialog
      ref={dialog.ref}
      className={styles.lightbox}
      aria-label={image.name}
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <div className={styles.bar}>
        <h2 className={styles.title}>
          <FileName name={image.name} />
        </h2>
        {images.length > 1 ? (
          <span className={styles.count} aria-live="polite">
            {index + 1} of {images.length}
          </span>
        ) : null}
        <a className={styles.barButton} href={image.url} download={image.name}>
          <Icon name="download" size={16} />
          Download
        </a>
        <button type="button" className={styles.barButton} onClick={dialog.close} aria-label="Close">
          <Icon name="close" size={18} />
        </button>
      </div>
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
    </dialog>
  );
}
