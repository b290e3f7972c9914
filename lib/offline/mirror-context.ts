'use client';

import { createContext, useContext } from 'react';
import type { MirrorDb } from './mirror-db';

/** The signed-in person's mirror; null where IndexedDB is unavailable (the app then works online only). */
export const MirrorContext = createContext<MirrorDb | null>(null);

export const useMirror = () => useContext(MirrorContext);
