/*
 * What an attachment looks like it is, from its name and declared type only: what its chip offers
 * (a thumbnail, the viewer, or a download) and the words that say what kind of file it is. The server
 * decides again from the bytes before it shows anything (lib/mail/attachment-preview.ts), so a file that
 * lies about itself is at worst offered a preview that then says it can't be shown.
 */

export type PreviewKind = 'image' | 'pdf' | 'text';

const IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/jpg',
  'image/pjpeg',
  'image/gif',
  'image/webp',
]);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'jfif', 'gif', 'webp']);
const TEXT_TYPES = new Set([
  'text/plain',
  'text/csv',
  'text/tab-separated-values',
  'text/markdown',
  'application/json',
  'application/csv',
]);
const TEXT_EXTENSIONS = new Set(['txt', 'text', 'csv', 'tsv', 'json', 'log', 'md']);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

const baseType = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * The preview an attachment is offered, or null for a download. The extension and the declared type
 * must not disagree about the kind: a `.html` declared as text/plain, or a `.png` declared as
 * text/html, is a download. SVG is never an image preview (it is a document that can carry script).
 */
export function expectedPreview(name: string, contentType: string): PreviewKind | null {
  const type = baseType(contentType);
  const extension = extensionOf(name);
  const generic = type === '' || type === 'application/octet-stream';
  if (IMAGE_EXTENSIONS.has(extension)) return IMAGE_TYPES.has(type) || generic ? 'image' : null;
  if (extension === 'pdf') return type === 'application/pdf' || generic ? 'pdf' : null;
  if (TEXT_EXTENSIONS.has(extension))
    return TEXT_TYPES.has(type) || type.startsWith('text/') || generic ? 'text' : null;
  if (extension === '') {
    if (IMAGE_TYPES.has(type)) return 'image';
    if (type === 'application/pdf') return 'pdf';
    if (TEXT_TYPES.has(type)) return 'text';
  }
  return null;
}

const KINDS: [RegExp, string][] = [
  [/^(docx?|docm|dotx?|odt|rtf)$/, 'Word document'],
  [/^(xlsx?|xlsm|xltx?|ods)$/, 'Excel workbook'],
  [/^(pptx?|pptm|potx?|ppsx?|odp)$/, 'PowerPoint presentation'],
  [/^pdf$/, 'PDF document'],
  [/^(zip|7z|rar|tar|gz|tgz|bz2|xz)$/, 'compressed archive'],
  [/^(png|jpe?g|jfif|gif|webp|bmp|tiff?|heic|avif)$/, 'image'],
  [/^svg$/, 'SVG image'],
  [/^(txt|text|log|md)$/, 'text file'],
  [/^csv$/, 'CSV file'],
  [/^tsv$/, 'TSV file'],
  [/^json$/, 'JSON file'],
  [/^(html?|xhtml|mht|mhtml)$/, 'web page'],
  [/^(ics|vcs)$/, 'calendar invitation'],
  [/^(vcf)$/, 'contact card'],
  [/^(eml|msg)$/, 'email message'],
  [/^(mp3|wav|m4a|ogg|flac)$/, 'audio file'],
  [/^(mp4|mov|avi|mkv|webm)$/, 'video file'],
  [/^(exe|msi|bat|cmd|ps1|sh|js|vbs|jar|scr)$/, 'program'],
];

/** "Word document", "PNG image", "file": what kind of file it is, in words a person knows. */
export function fileKindLabel(name: string, contentType: string): string {
  const extension = extensionOf(name);
  const found = KINDS.find(([pattern]) => pattern.test(extension))?.[1];
  if (found === 'image')
    return `${extension === 'jpg' || extension === 'jfif' ? 'JPEG' : extension.toUpperCase()} image`;
  if (found) return found;
  const type = baseType(contentType);
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('text/')) return 'text file';
  return extension ? `${extension.toUpperCase()} file` : 'file';
}

/**
 * Where the app shows an attachment, beside its download URL (AttachmentDto.url): the file itself as its
 * sniffed kind, or a small WebP of an image.
 */
export function previewUrl(downloadUrl: string, size?: 'thumbnail'): string {
  return `${downloadUrl}/preview${size ? `?size=${size}` : ''}`;
}
