'use client';

import { useState } from 'react';
import { expectedPreview, fileKindLabel, type PreviewKind, previewUrl } from '@/lib/mail/attachment-kind';
import type { AttachmentDto } from '@/lib/mail/types';
import styles from './attachment-list.module.css';
import { AttachmentViewer } from './attachment-viewer';
import { FileName } from './file-name';
import { formatSize } from './format';
import { Icon } from './icons';
import { Lightbox } from './lightbox';

/**
 * A message's attachments. Images show a thumbnail (fetched when scrolled into view) and open in a
 * lightbox; PDFs and text open in a viewer; anything else, Office files included, is a download and says so.
 */
export function AttachmentList({ files }: { files: AttachmentDto[] }) {
  const [open, setOpen] = useState<AttachmentDto | null>(null);
  const kinds = new Map(files.map((file) => [file.id, expectedPreview(file.name, file.contentType)]));
  const images = files.filter((file) => kinds.get(file.id) === 'image');
  const openKind = open ? kinds.get(open.id) : null;
  return (
    <>
      <ul className={styles.list} aria-label="Attachments">
        {files.map((file) => (
          <li key={file.id} className={styles.item}>
            <AttachmentChip file={file} kind={kinds.get(file.id) ?? null} onOpen={() => setOpen(file)} />
          </li>
        ))}
      </ul>
      {open && openKind === 'image' ? (
        <Lightbox images={images} start={Math.max(0, images.indexOf(open))} onClose={() => setOpen(null)} />
      ) : null}
      {open && (openKind === 'pdf' || openKind === 'text') ? (
        <AttachmentViewer file={open} kind={openKind} onClose={() => setOpen(null)} />
      ) : null}
    </>
  );
}

function AttachmentChip({
  file,
  kind,
  onOpen,
}: {
  file: AttachmentDto;
  kind: PreviewKind | null;
  onOpen: () => void;
}) {
  const label = fileKindLabel(file.name, file.contentType);
  const size = formatSize(file.size);
  if (!kind) {
    return (
      <a
        href={file.url}
        download={file.name}
        className={styles.chip}
        data-attachment-kind="download"
        aria-label={`${file.name}, Download — ${label}, ${size}`}
      >
        <span className={styles.icon} aria-hidden="true">
          <Icon name="paperclip" size={18} />
        </span>
        <span className={styles.text}>
          <FileName name={file.name} />
          <span className={styles.meta}>
            Download — {label}, {size}
          </span>
        </span>
        <Icon name="download" size={16} />
      </a>
    );
  }
  return (
    <span className={styles.chip} data-attachment-kind={kind}>
      <button
        type="button"
        className={styles.open}
        onClick={onOpen}
        // The name spelled whole: FileName's parts would be read as "site .png".
        aria-label={`${kind === 'image' ? 'View' : 'Open'} ${file.name}, ${label}, ${size}`}
      >
        {kind === 'image' ? (
          <Thumbnail file={file} />
        ) : (
          <span className={styles.icon} aria-hidden="true">
            <Icon name="paperclip" size={18} />
          </span>
        )}
        <span className={styles.text}>
          <FileName name={file.name} />
          <span className={styles.meta}>
            {label}, {size}
          </span>
        </span>
      </button>
      <a
        href={file.url}
        download={file.name}
        className={styles.download}
        aria-label={`Download ${file.name}`}
        title="Download"
      >
        <Icon name="download" size={16} />
      </a>
    </span>
  );
}

/** A thumbnail, or the image icon when the file turns out not to be an image the server will show. */
function Thumbnail({ file }: { file: AttachmentDto }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <span className={styles.icon} aria-hidden="true">
        <Icon name="image" size={18} />
      </span>
    );
  }
  return (
    // biome-ignore lint/performance/noImgElement: an API route's image, not a static asset for next/image.
    <img
      className={styles.thumbnail}
      src={previewUrl(file.url, 'thumbnail')}
      alt=""
      loading="lazy"
      decoding="async"
      width={48}
      height={48}
      onError={() => setFailed(true)}
    />
  );
}
