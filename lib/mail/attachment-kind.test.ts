import { describe, expect, it } from 'vitest';
import { expectedPreview, extensionOf, fileKindLabel, previewUrl } from './attachment-kind';

describe('expectedPreview', () => {
  it('offers images, PDFs and text when the name and the declared type agree', () => {
    expect(expectedPreview('photo.PNG', 'image/png')).toBe('image');
    expect(expectedPreview('scan.jpeg', 'image/jpeg')).toBe('image');
    expect(expectedPreview('anim.gif', 'application/octet-stream')).toBe('image');
    expect(expectedPreview('pic.webp', 'image/webp')).toBe('image');
    expect(expectedPreview('report.pdf', 'application/pdf')).toBe('pdf');
    expect(expectedPreview('notes.txt', 'text/plain; charset=utf-8')).toBe('text');
    expect(expectedPreview('totals.csv', 'text/csv')).toBe('text');
    expect(expectedPreview('data.json', 'application/json')).toBe('text');
    expect(expectedPreview('server.log', 'application/octet-stream')).toBe('text');
    expect(expectedPreview('image', 'image/png')).toBe('image');
  });

  it('makes downloads of SVG, Office files, web pages and anything whose name and type disagree', () => {
    expect(expectedPreview('logo.svg', 'image/svg+xml')).toBeNull();
    expect(
      expectedPreview('plan.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ).toBeNull();
    expect(expectedPreview('budget.xlsx', 'application/octet-stream')).toBeNull();
    expect(expectedPreview('page.html', 'text/html')).toBeNull();
    expect(expectedPreview('page.html', 'text/plain')).toBeNull();
    expect(expectedPreview('photo.png', 'text/html')).toBeNull();
    expect(expectedPreview('report.pdf', 'text/html')).toBeNull();
    expect(expectedPreview('page', 'text/html')).toBeNull();
    expect(expectedPreview('tool.exe', 'application/octet-stream')).toBeNull();
  });
});

describe('fileKindLabel', () => {
  it('names the kind of file in words a person knows', () => {
    expect(fileKindLabel('plan.docx', '')).toBe('Word document');
    expect(fileKindLabel('budget.xlsx', '')).toBe('Excel workbook');
    expect(fileKindLabel('deck.pptx', '')).toBe('PowerPoint presentation');
    expect(fileKindLabel('report.pdf', '')).toBe('PDF document');
    expect(fileKindLabel('photo.png', '')).toBe('PNG image');
    expect(fileKindLabel('photo.jpg', '')).toBe('JPEG image');
    expect(fileKindLabel('logo.svg', '')).toBe('SVG image');
    expect(fileKindLabel('archive.zip', '')).toBe('compressed archive');
    expect(fileKindLabel('notes.txt', '')).toBe('text file');
    expect(fileKindLabel('thing.xyz', '')).toBe('XYZ file');
    expect(fileKindLabel('noextension', 'image/heic')).toBe('image');
    expect(fileKindLabel('noextension', '')).toBe('file');
  });

  it('takes the extension after the last dot, not a leading one', () => {
    expect(extensionOf('a.tar.GZ')).toBe('gz');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('trailing.')).toBe('');
  });
});

describe('previewUrl', () => {
  it('sits beside the download URL', () => {
    expect(previewUrl('/api/messages/m/attachments/a')).toBe('/api/messages/m/attachments/a/preview');
    expect(previewUrl('/api/messages/m/attachments/a', 'thumbnail')).toBe(
      '/api/messages/m/attachments/a/preview?size=thumbnail',
    );
  });
});
