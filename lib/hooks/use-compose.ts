'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftDto, DraftInput, Importance, UploadedAttachmentDto } from '@/lib/mail/types';
import { onReconnect, reportNetworkFailure } from '@/lib/offline/connectivity';
import {
  findByDraftId,
  findLocal,
  forgetLocal,
  hasUnsavedWords,
  holdDraft,
  keepLocally,
  localRef,
  markSaved,
  newLocalId,
  parseLocalRef,
  saveToGraph,
} from '@/lib/offline/local-drafts';
import { useMirror } from '@/lib/offline/mirror-context';
import type { MirrorDb } from '@/lib/offline/mirror-db';
import { onBeforeUpdate } from '@/lib/offline/use-app-update';
import { ApiFetchError, apiRequest, errorMessage, isNetworkError, sendJson } from './api-client';

/**
 * Where a compose pane starts from: nothing, a message being answered, or a saved draft (its id on
 * Microsoft 365, or `local:<id>` for one written offline that exists only on this device so far).
 */
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
  /** Graph's importance; unset until the person or the loaded draft gives one. */
  importance?: Importance;
}

/** `offline`: saved on this device only; it goes to Microsoft 365 when the network returns. */
export type SaveState = 'idle' | 'saving' | 'saved' | 'offline' | 'failed';

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
export function toInput(fields: ComposeFields): DraftInput {
  const valid = (value: string) => splitAddresses(value).filter(isEmail);
  return {
    to: valid(fields.to),
    cc: valid(fields.cc),
    bcc: valid(fields.bcc),
    subject: fields.subject,
    bodyHtml: fields.bodyHtml,
    ...(fields.importance ? { importance: fields.importance } : {}),
  };
}

/** Addresses end with a separator, so the address fields show every one as a chip. */
const asChips = (addresses: string[]) => (addresses.length > 0 ? `${addresses.join(', ')}, ` : '');

function fromDraft(draft: DraftDto): ComposeFields {
  return {
    to: asChips(draft.to),
    cc: asChips(draft.cc),
    bcc: asChips(draft.bcc),
    subject: draft.subject,
    bodyHtml: draft.bodyHtml,
    importance: draft.importance,
  };
}

const EMPTY: ComposeFields = { to: '', cc: '', bcc: '', subject: '', bodyHtml: '' };

/**
 * One draft being written: every change kept on this device at once (lib/offline/local-drafts.ts), and
 * on Microsoft 365 800 ms after typing stops (created on the first keystroke for a new message, on open
 * for a response); resumable from its id, or offline from its local id.
 */
export function useDraft(start: ComposeStart, onDraftId: (id: string) => void) {
  const db = useMirror();
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
  const startLocal = start.kind === 'resume' ? parseLocalRef(start.draftId) : null;
  const draftId = useRef<string | null>(start.kind === 'resume' && !startLocal ? start.draftId : null);
  const localId = useRef<string>(startLocal ?? newLocalId());
  // While this pane is open the reconnect sweep leaves its draft alone: the pane saves its own newest words.
  const [heldId, setHeldId] = useState(localId.current);
  useEffect(() => holdDraft(heldId), [heldId]);
  /** When the change not yet on Microsoft 365 was made; what markSaved records once it is. */
  const changedAt = useRef(0);
  const latest = useRef<ComposeFields>(EMPTY);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saving = useRef<Promise<string> | null>(null);
  const onDraftIdRef = useRef(onDraftId);
  onDraftIdRef.current = onDraftId;

  const show = useCallback((next: ComposeFields) => {
    latest.current = next;
    setInitial(next);
    setFields(next);
    setLoadState('ready');
  }, []);

  const loaded = useCallback(
    async (draft: DraftDto) => {
      draftId.current = draft.id;
      onDraftIdRef.current(draft.id);
      setQuoteDocument(draft.quoteDocument);
      setAttachments(draft.attachments);
      // Words typed on this device that Microsoft 365 doesn't have yet (written offline, then reloaded) win.
      const local = db ? await findByDraftId(db, draft.id).catch(() => undefined) : undefined;
      if (local) {
        localId.current = local.localId;
        setHeldId(local.localId);
      }
      if (local && hasUnsavedWords(local)) {
        show(local.typed);
        dirty.current = true;
        changedAt.current = local.updatedAt;
        setSaveState('offline');
      } else show(fromDraft(draft));
    },
    [db, show],
  );

  /** Offline, or a draft only this device has: the words kept here. */
  const loadLocally = useCallback(
    async (db: MirrorDb, ref: { localId?: string; draftId?: string }): Promise<boolean> => {
      const local = ref.localId
        ? await findLocal(db, ref.localId)
        : await findByDraftId(db, ref.draftId ?? '');
      if (!local) return false;
      localId.current = local.localId;
      setHeldId(local.localId);
      draftId.current = local.draftId;
      show(local.typed);
      if (hasUnsavedWords(local)) {
        dirty.current = true;
        changedAt.current = local.updatedAt;
        setSaveState('offline');
      }
      return true;
    },
    [show],
  );

  const startKey = start.kind === 'new' ? 'new' : start.kind === 'resume' ? start.draftId : start.messageId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: startKey identifies the start; a new start remounts the pane.
  useEffect(() => {
    if (start.kind === 'new') return;
    let cancelled = false;
    const fail = (message: string) => {
      if (cancelled) return;
      setLoadError(message);
      setLoadState('failed');
    };
    if (startLocal) {
      // Written offline and not on Microsoft 365 yet: only this device has it.
      const found = db ? loadLocally(db, { localId: startLocal }) : Promise.resolve(false);
      void found.then(
        (ok) => ok || fail('This draft was written on another device or browser, so it isn’t here.'),
        () => fail('This draft couldn’t be read from this device.'),
      );
      return () => {
        cancelled = true;
      };
    }
    const request =
      start.kind === 'resume'
        ? apiRequest<DraftDto>(`/api/drafts/${encodeURIComponent(start.draftId)}`)
        : sendJson<DraftDto>(`/api/messages/${encodeURIComponent(start.messageId)}/respond`, 'POST', {
            kind: start.kind,
          });
    request.then(
      (draft) => {
        if (!cancelled) void loaded(draft);
      },
      async (error: unknown) => {
        if (cancelled) return;
        if (start.kind === 'resume' && db && isNetworkError(error)) {
          const ok = await loadLocally(db, { draftId: start.draftId }).catch(() => false);
          if (ok || cancelled) return;
          return fail(
            'You’re offline, and this draft isn’t saved on this device. Open it again when you’re back online.',
          );
        }
        fail(errorMessage(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [startKey, loaded, loadLocally]);

  /**
   * Saves whatever is unsaved and resolves with the draft's id. A new message nobody typed into has no
   * draft (null) unless `create` asks for one, e.g. to attach a file to.
   */
  const save = useCallback(
    async ({ create = false } = {}): Promise<string | null> => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      // One save at a time, so a PATCH never races the POST that creates the draft.
      while (saving.current) await saving.current.catch(() => undefined);
      const id = draftId.current;
      if (!dirty.current && (id || !create)) return id;
      dirty.current = false;
      const input = toInput(latest.current);
      const change = changedAt.current;
      setSaveState('saving');
      const run = (async () => {
        const savedId = await saveToGraph(localId.current, id, input);
        if (!id) {
          draftId.current = savedId;
          onDraftIdRef.current(savedId);
        }
        if (db) await markSaved(db, localId.current, savedId, change).catch(() => undefined);
        return savedId;
      })();
      saving.current = run;
      try {
        const savedId = await run;
        // Words typed while it saved are not on Microsoft 365 yet: "Saved" waits for their own save.
        setSaveState(dirty.current ? 'idle' : 'saved');
        setSaveError(null);
        return savedId;
      } catch (error) {
        dirty.current = true;
        // Offline the words are safe on this device (kept on every change); they go when the network returns.
        if (isNetworkError(error)) reportNetworkFailure();
        setSaveState(db && isNetworkError(error) ? 'offline' : 'failed');
        setSaveError(errorMessage(error));
        throw error;
      } finally {
        saving.current = null;
      }
    },
    [db],
  );

  const flush = useCallback(async (): Promise<string> => {
    const id = await save({ create: true });
    if (!id) throw new Error('unreachable: save with create returns an id');
    return id;
  }, [save]);

  /** Local writes in order: a slow one never lands after a newer one. */
  const keeping = useRef<Promise<void>>(Promise.resolve());

  const update = useCallback(
    (patch: Partial<ComposeFields>) => {
      latest.current = { ...latest.current, ...patch };
      dirty.current = true;
      // "Saved" says Microsoft 365 has every word; a new one isn't there until its save.
      setSaveState((state) => (state === 'saved' ? 'idle' : state));
      // Strictly increasing, so a change in the same millisecond as a saved one still counts as newer.
      changedAt.current = Math.max(Date.now(), changedAt.current + 1);
      setFields(latest.current);
      if (db) {
        const typed = latest.current;
        const at = changedAt.current;
        // A draft that exists only here is named by its local id in the URL, so a reload finds it.
        if (!draftId.current) onDraftIdRef.current(localRef(localId.current));
        keeping.current = keeping.current
          .then(() => keepLocally(db, localId.current, draftId.current, typed, at))
          .catch(() => undefined);
      }
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save().catch(() => undefined), SAVE_DELAY_MS);
    },
    [save, db],
  );

  /**
   * Puts `bodyHtml` in the body as if the message had opened with it (a new message's default signature):
   * not an edit, so a message nobody writes still leaves no draft. Once the draft is on Microsoft 365 it
   * goes there too.
   */
  const presetBody = useCallback(
    (bodyHtml: string) => {
      latest.current = { ...latest.current, bodyHtml };
      setInitial(latest.current);
      setFields(latest.current);
      if (draftId.current) update({ bodyHtml });
    },
    [update],
  );

  // Back online: what was kept only here goes to Microsoft 365.
  useEffect(
    () =>
      onReconnect(async () => {
        if (dirty.current) await save().catch(() => undefined);
      }),
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
    await keeping.current;
    if (db) await forgetLocal(db, localId.current).catch(() => undefined);
  }, [db]);

  return {
    /** This pane's id on this device (what an offline send is queued under). */
    localId: localId.current,
    /** The draft's id on Microsoft 365, if it has one yet. */
    currentDraftId: () => draftId.current,
    /** Waits for the last local write: the words are on this device. */
    keptLocally: () => keeping.current,
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
    presetBody,
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
): Promise<UploadedAttachmentDto> {
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
      if (xhr.status === 201) return resolve(body as UploadedAttachmentDto);
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
 * The idempotency key of sending one draft: the same for the try online and the Outbox's retries. A hash,
 * since keys are at most 100 letters, digits, "-" and "_" and a Graph id can be longer and has others.
 */
export async function sendKey(draftId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(draftId));
  const base64 = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return `send-${base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/**
 * Sending waits five seconds so Undo can take it back; until then nothing has left the Drafts folder,
 * so an undo or a closed tab loses nothing.
 */
export function useSendWithUndo({
  onSent,
  onFailed,
  onUndone,
  onOffline,
}: {
  onSent: () => void;
  onFailed: (draftId: string, message: string) => void;
  onUndone: (draftId: string) => void;
  /** The network was gone when the wait ended: the send goes to the Outbox. */
  onOffline: (draftId: string) => void;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const pendingRef = useRef<{ draftId: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  const callbacks = useRef({ onSent, onFailed, onUndone, onOffline });
  callbacks.current = { onSent, onFailed, onUndone, onOffline };

  const sendNow = useCallback(async (draftId: string) => {
    try {
      // The key makes the Outbox's retry of this same send (if the answer was lost) a no-op on the server.
      await apiRequest(`/api/drafts/${encodeURIComponent(draftId)}/send`, {
        method: 'POST',
        headers: { 'Idempotency-Key': await sendKey(draftId) },
      });
      callbacks.current.onSent();
    } catch (error) {
      if (isNetworkError(error)) callbacks.current.onOffline(draftId);
      else callbacks.current.onFailed(draftId, errorMessage(error));
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

  // "Reload to update" while a send waits out its Undo: it is sent now rather than lost with the page.
  useEffect(
    () =>
      onBeforeUpdate(async () => {
        const current = pendingRef.current;
        if (!current) return;
        clearTimeout(current.timer);
        pendingRef.current = null;
        setPending(null);
        await sendNow(current.draftId);
      }),
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
