'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentResponse } from '@/app/api/drafts/[id]/attachments/route';
import type { DraftResponse } from '@/app/api/drafts/[id]/route';
import type { DraftDto, DraftInput } from '@/lib/mail/types';
import { ApiFetchError, apiRequest, errorMessage, sendJson } from './api-client';

/** Where a compose pane starts from: nothing, a message being answered, or a saved draft. */
export type ComposeStart =
  | { kind: 'new' }
  | { kind: 'reply' | 'replyAll' | 'forward'; messageId: string }
  | { kind: 'resume'; draftId: string; error?: string };

/** What the person edits; addresses stay as typed (comma-separated) until sent. */
export interface ComposeFields {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  bodyHtml: string;
}

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

export interface Upload {
  key: string;
  name: string;
  size: number;
  /** 0–1 while uploading. */
  progress: number;
  error: string | null;
}

export type DraftAttachment = DraftDto['attachments'][number];

/** Matches what people type as an address; the server's check is the final word. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
export const MAX_ATTACHMENT_BYTES = 150 * 1024 * 1024;
const SAVE_DELAY_MS = 800;

export function splitAddresses(value: string): string[] {
  return value
    .split(/[,;]/)
    .map((part) => {
      const trimmed = part.trim();
      // "Name <a@b.c>" pasted from elsewhere: keep the address.
      return /<([^>]+)>\s*$/.exec(trimmed)?.[1]?.trim() ?? trimmed;
    })
    .filter(Boolean);
}

export const isEmail = (value: string) => EMAIL.test(value);

/** The fields as the API takes them. Invalid addresses are left out so autosave never fails on a typo. */
function toInput(fields: ComposeFields): DraftInput {
  const valid = (value: string) => splitAddresses(value).filter(isEmail);
  return {
    to: valid(fields.to),
    cc: valid(fields.cc),
    bcc: valid(fields.bcc),
    subject: fields.subject,
    bodyHtml: fields.bodyHtml,
  };
}

function fromDraft(draft: DraftDto): ComposeFields {
  return {
    to: draft.to.join(', '),
    cc: draft.cc.join(', '),
    bcc: draft.bcc.join(', '),
    subject: draft.subject,
    bodyHtml: draft.bodyHtml,
  };
}

const EMPTY: ComposeFields = { to: '', cc: '', bcc: '', subject: '', bodyHtml: '' };

/**
 * One draft being written: created on the first keystroke (a new message) or on open (a response),
 * saved 800 ms after typing stops, resumable from its id.
 */
export function useDraft(start: ComposeStart, onDraftId: (id: string) => void) {
  const [loadState, setLoadState] = useState<'loading' | 'ready' | 'failed'>(
    start.kind === 'new' ? 'ready' : 'loading',
  );
  const [loadError, setLoadError] = useState<string | null>(null);
  const [initial, setInitial] = useState<ComposeFields>(EMPTY);
  const [fields, setFields] = useState<ComposeFields>(EMPTY);
  const [quoteDocument, setQuoteDocument] = useState<string | null>(null);
  const [attachments, setAttachments] = useState<DraftAttachment[]>([]);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [saveError, setSaveError] = useState<string | null>(null);

  // Refs, not state: the save loop must see the newest text and id without re-rendering.
  const draftId = useRef<string | null>(start.kind === 'resume' ? start.draftId : null);
  const latest = useRef<ComposeFields>(EMPTY);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saving = useRef<Promise<string> | null>(null);
  const onDraftIdRef = useRef(onDraftId);
  onDraftIdRef.current = onDraftId;

  const loaded = useCallback((draft: DraftDto) => {
    draftId.current = draft.id;
    onDraftIdRef.current(draft.id);
    const next = fromDraft(draft);
    latest.current = next;
    setInitial(next);
    setFields(next);
    setQuoteDocument(draft.quoteDocument);
    setAttachments(draft.attachments);
    setLoadState('ready');
  }, []);

  const startKey = start.kind === 'new' ? 'new' : start.kind === 'resume' ? start.draftId : start.messageId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: startKey identifies the start; a new start remounts the pane.
  useEffect(() => {
    if (start.kind === 'new') return;
    let cancelled = false;
    const request =
      start.kind === 'resume'
        ? apiRequest<DraftResponse>(`/api/drafts/${encodeURIComponent(start.draftId)}`)
        : sendJson<DraftDto>(`/api/messages/${encodeURIComponent(start.messageId)}/respond`, 'POST', {
            kind: start.kind,
          });
    request.then(
      (draft) => {
        if (!cancelled) loaded(draft);
      },
      (error: unknown) => {
        if (cancelled) return;
        setLoadError(errorMessage(error));
        setLoadState('failed');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [startKey, loaded]);

  /**
   * Saves whatever is unsaved and resolves with the draft's id. A new message nobody typed into has no
   * draft (null) unless `create` asks for one, e.g. to attach a file to.
   */
  const save = useCallback(async ({ create = false } = {}): Promise<string | null> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    // One save at a time, so a PATCH never races the POST that creates the draft.
    while (saving.current) await saving.current.catch(() => undefined);
    const id = draftId.current;
    if (!dirty.current && (id || !create)) return id;
    dirty.current = false;
    const input = toInput(latest.current);
    setSaveState('saving');
    const run = (async () => {
      const draft = id
        ? await sendJson<DraftDto>(`/api/drafts/${encodeURIComponent(id)}`, 'PATCH', input)
        : await sendJson<DraftDto>('/api/drafts', 'POST', input);
      if (!id) {
        draftId.current = draft.id;
        onDraftIdRef.current(draft.id);
      }
      return draft.id;
    })();
    saving.current = run;
    try {
      const savedId = await run;
      setSaveState('saved');
      setSaveError(null);
      return savedId;
    } catch (error) {
      dirty.current = true;
      setSaveState('failed');
      setSaveError(errorMessage(error));
      throw error;
    } finally {
      saving.current = null;
    }
  }, []);

  const flush = useCallback(async (): Promise<string> => {
    const id = await save({ create: true });
    if (!id) throw new Error('unreachable: save with create returns an id');
    return id;
  }, [save]);

  const update = useCallback(
    (patch: Partial<ComposeFields>) => {
      latest.current = { ...latest.current, ...patch };
      dirty.current = true;
      setFields(latest.current);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save().catch(() => undefined), SAVE_DELAY_MS);
    },
    [save],
  );

  // Closing the tab mid-sentence: hand the last words to the browser to deliver after we're gone.
  useEffect(() => {
    const onHide = () => {
      const id = draftId.current;
      if (!id || !dirty.current) return;
      void fetch(`/api/drafts/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        keepalive: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(toInput(latest.current)),
      });
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      if (timer.current) clearTimeout(timer.current);
      // Unmounted with a save still waiting on its timer: send it anyway.
      onHide();
    };
  }, []);

  const attach = useCallback(
    async (file: File) => {
      const key = `${Date.now()}-${Math.random()}`;
      if (file.size > MAX_ATTACHMENT_BYTES) {
        setUploads((all) => [
          ...all,
          {
            key,
            name: file.name,
            size: file.size,
            progress: 0,
            error: `“${file.name}” is larger than 150 MB, the most Microsoft 365 accepts for one attachment.`,
          },
        ]);
        return;
      }
      setUploads((all) => [...all, { key, name: file.name, size: file.size, progress: 0, error: null }]);
      const set = (patch: Partial<Upload>) =>
        setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));
      try {
        const id = await flush();
        const result = await uploadWithProgress(id, file, (progress) => set({ progress }));
        setUploads((all) => all.filter((u) => u.key !== key));
        setAttachments((all) => [
          ...all,
          { id: result.id, name: result.name, size: result.size, contentType: file.type },
        ]);
      } catch (error) {
        set({ error: `“${file.name}” couldn’t be attached: ${errorMessage(error)}` });
      }
    },
    [flush],
  );

  const dismissUpload = useCallback(
    (key: string) => setUploads((all) => all.filter((u) => u.key !== key)),
    [],
  );

  const removeAttachment = useCallback(async (attachmentId: string) => {
    const id = draftId.current;
    if (!id) return;
    await sendJson(
      `/api/drafts/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`,
      'DELETE',
    );
    setAttachments((all) => all.filter((a) => a.id !== attachmentId));
  }, []);

  /** Deletes the draft (if it was ever saved) and stops saving. */
  const discard = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    while (saving.current) await saving.current.catch(() => undefined);
    const id = draftId.current;
    if (id) await sendJson(`/api/drafts/${encodeURIComponent(id)}`, 'DELETE');
  }, []);

  return {
    loadState,
    loadError,
    initial,
    fields,
    quoteDocument,
    attachments,
    uploads,
    saveState,
    saveError,
    update,
    save,
    flush,
    attach,
    dismissUpload,
    removeAttachment,
    discard,
  };
}

/** XMLHttpRequest rather than fetch: fetch can't report upload progress. */
function uploadWithProgress(
  draftId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<AttachmentResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/drafts/${encodeURIComponent(draftId)}/attachments`);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) return resolve(body as AttachmentResponse);
      const error =
        typeof body === 'object' && body !== null && 'error' in body
          ? (body as { error: { code?: unknown; message?: unknown } }).error
          : undefined;
      reject(
        new ApiFetchError(
          xhr.status,
          typeof error?.code === 'string' ? error.code : 'http_error',
          typeof error?.message === 'string' ? error.message : `The server answered ${xhr.status}.`,
        ),
      );
    };
    xhr.onerror = () =>
      reject(new ApiFetchError(0, 'network_error', 'Tidings can’t be reached. Check your connection.'));
    xhr.send(file);
  });
}

const UNDO_MS = 5000;

/**
 * Sending waits five seconds so Undo can take it back; until then nothing has left the Drafts folder,
 * so an undo or a closed tab loses nothing.
 */
export function useSendWithUndo({
  onSent,
  onFailed,
  onUndone,
}: {
  onSent: () => void;
  onFailed: (draftId: string, message: string) => void;
  onUndone: (draftId: string) => void;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const pendingRef = useRef<{ draftId: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  const callbacks = useRef({ onSent, onFailed, onUndone });
  callbacks.current = { onSent, onFailed, onUndone };

  const sendNow = useCallback(async (draftId: string) => {
    try {
      await sendJson(`/api/drafts/${encodeURIComponent(draftId)}/send`, 'POST');
      callbacks.current.onSent();
    } catch (error) {
      callbacks.current.onFailed(draftId, errorMessage(error));
    }
  }, []);

  const queue = useCallback(
    (draftId: string) => {
      // A second send while one waits: the first stops waiting rather than being forgotten.
      const earlier = pendingRef.current;
      if (earlier) {
        clearTimeout(earlier.timer);
        void sendNow(earlier.draftId);
      }
      const timer = setTimeout(() => {
        pendingRef.current = null;
        setPending(null);
        void sendNow(draftId);
      }, UNDO_MS);
      pendingRef.current = { draftId, timer };
      setPending(draftId);
    },
    [sendNow],
  );

  const undo = useCallback(() => {
    const current = pendingRef.current;
    if (!current) return;
    clearTimeout(current.timer);
    pendingRef.current = null;
    setPending(null);
    callbacks.current.onUndone(current.draftId);
  }, []);

  return { pending, queue, undo };
}
