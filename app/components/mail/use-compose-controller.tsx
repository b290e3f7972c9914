'use client';

import dynamic from 'next/dynamic';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/hooks/api-client';
import {
  type ComposeFields,
  type ComposeStart,
  sendKey,
  toInput,
  useSendWithUndo,
} from '@/lib/hooks/use-compose';
import { useScheduled } from '@/lib/hooks/use-scheduled';
import { formatSendTime } from '@/lib/mail/scheduled-presets';
import { useOfflineActions } from '@/lib/offline/use-offline';
import type { CloseOutcome } from './compose/compose-pane';
import { SendToast } from './compose/send-toast';
import { useMailUi } from './mail-ui-context';

/*
 * The compose pane and its editor (TipTap on ProseMirror) are the largest part of the mail screen's script
 * and needed only once someone writes, so they load apart from the screen: fetched when the browser is
 * idle a few seconds after the screen shows, or at the first New message, whichever comes first. The
 * service worker precaches every built chunk, so the pane opens offline as well.
 */
const loadComposePane = () => import('./compose/compose-pane').then((module) => module.ComposePane);
const ComposePane = dynamic(loadComposePane, { ssr: false });

/** Fetches the compose pane's script a few seconds after the screen shows, when the browser is idle. */
function usePreloadComposePane() {
  useEffect(() => {
    const preload = () => void loadComposePane().catch(() => undefined);
    let idle: number | null = null;
    const timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(preload, { timeout: 5_000 });
      else preload();
    }, 3_000);
    return () => {
      clearTimeout(timer);
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, []);
}

/** The draft being written lives in the URL (?compose=<id>) so a reload picks it up again. */
function setComposeParam(draftId: string | null) {
  const url = new URL(window.location.href);
  if (draftId) url.searchParams.set('compose', draftId);
  else url.searchParams.delete('compose');
  window.history.replaceState(null, '', `${url.pathname}${url.search}`);
}

/**
 * The compose controller of the mail screen: which draft is open (and its place in the URL, resumed on
 * reload), sending with Undo, and the Outbox when the network is gone. `view` is the compose pane and the
 * send toast, to be placed in the screen.
 */
export function useComposeController({
  onSent,
  openId = null,
}: {
  onSent: () => void;
  /** The message open in the reading pane: a reply or forward docks under it. */
  openId?: string | null;
}): {
  openCompose: (start: ComposeStart) => void;
  view: ReactNode;
} {
  const { notify } = useMailUi();
  usePreloadComposePane();
  const [compose, setCompose] = useState<{ key: number; start: ComposeStart } | null>(null);
  const composeKey = useRef(0);
  const openCompose = useCallback((start: ComposeStart) => {
    composeKey.current += 1;
    setCompose({ key: composeKey.current, start });
    setComposeParam(start.kind === 'resume' ? start.draftId : null);
  }, []);
  const closeCompose = useCallback(() => {
    setCompose(null);
    setComposeParam(null);
  }, []);
  const closed = useCallback(
    (outcome: CloseOutcome) => {
      closeCompose();
      if (outcome === 'kept') notify('Draft saved.');
    },
    [closeCompose, notify],
  );
  useEffect(() => {
    const draftId = new URLSearchParams(window.location.search).get('compose');
    if (draftId) openCompose({ kind: 'resume', draftId });
  }, [openCompose]);

  const offlineActions = useOfflineActions();
  const toOutbox = useCallback(
    async (
      send: { localId: string | null; draftId: string | null; fields: ComposeFields | null },
      subject: string,
    ) => {
      if (!offlineActions) return false;
      await offlineActions.queueSend(
        { localId: send.localId, draftId: send.draftId, fields: send.fields && toInput(send.fields) },
        subject.trim() ? `send “${subject.trim()}”` : 'send your message',
        send.draftId ? await sendKey(send.draftId) : undefined,
      );
      notify('You’re offline. The message is in the Outbox and will be sent when you’re back online.');
      return true;
    },
    [offlineActions, notify],
  );

  const sending = useSendWithUndo({
    onSent: () => {
      notify('Sent.');
      onSent();
    },
    onOffline: (draftId) => {
      void toOutbox({ localId: null, draftId, fields: null }, '').then((queued) => {
        if (!queued)
          openCompose({ kind: 'resume', draftId, error: 'The message wasn’t sent: you’re offline.' });
      });
    },
    onFailed: (draftId, message) =>
      openCompose({ kind: 'resume', draftId, error: `The message wasn’t sent: ${message}` }),
    onUndone: (draftId) => openCompose({ kind: 'resume', draftId }),
  });

  const { schedule } = useScheduled();
  const scheduleLater = useCallback(
    async (draftId: string, at: Date) => {
      try {
        await schedule(draftId, at);
        notify(`Scheduled for ${formatSendTime(at)}. It waits under Scheduled until then.`);
      } catch (error) {
        openCompose({
          kind: 'resume',
          draftId,
          error: `The message wasn’t scheduled: ${errorMessage(error)}`,
        });
      }
    },
    [schedule, notify, openCompose],
  );

  const view = (
    <>
      {compose ? (
        <ComposePane
          key={compose.key}
          start={compose.start}
          docked={compose.start.kind !== 'new' && compose.start.kind !== 'resume' && openId !== null}
          onDraftId={setComposeParam}
          onClose={closed}
          onSend={(draftId) => {
            closeCompose();
            sending.queue(draftId);
          }}
          onSchedule={(draftId, at) => {
            closeCompose();
            void scheduleLater(draftId, at);
          }}
          onSendOffline={(queued) => {
            void toOutbox(queued, queued.fields.subject).then((ok) => {
              if (ok) closeCompose();
            });
          }}
        />
      ) : null}
      {sending.pending ? <SendToast onUndo={sending.undo} /> : null}
    </>
  );
  return { openCompose, view };
}
