import { describe, expect, it } from 'vitest';
import { HOSTILE_FAMILIES, HOSTILE_VECTORS, hostileMails, instantiate } from './hostile-mail';

const LISTENER = 'http://127.0.0.1:7777';
const marker = (id: string) => `top.postMessage('pwn-${id}','*')`;

describe('hostile corpus', () => {
  it('has at least 120 vectors with unique, family-prefixed ids', () => {
    expect(HOSTILE_VECTORS.length).toBeGreaterThanOrEqual(120);
    const ids = HOSTILE_VECTORS.map((vector) => vector.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const vector of HOSTILE_VECTORS) expect(vector.id).toMatch(new RegExp(`^${vector.family}-\\d{2}$`));
  });

  it('covers every family with several vectors', () => {
    for (const name of HOSTILE_FAMILIES) {
      expect(HOSTILE_VECTORS.filter((vector) => vector.family === name).length, name).toBeGreaterThanOrEqual(
        8,
      );
    }
  });

  it('gives every vector a placeholder a test can observe, unless it only misleads or leaks', () => {
    for (const { id, attempts, html } of HOSTILE_VECTORS) {
      if (attempts === 'script') expect(html, id).toContain('__PWN__');
      if (attempts === 'fetch' || attempts === 'navigate') expect(html, id).toContain('__LISTENER__');
      if (attempts !== 'spoof' && attempts !== 'css-leak') expect(html, id).toMatch(/__PWN__|__LISTENER__/);
    }
  });

  it('sends every remote request to a path that names its vector', () => {
    for (const { id, html } of HOSTILE_VECTORS) {
      for (const rest of html.split('__LISTENER__').slice(1))
        expect(rest, id).toMatch(new RegExp(`^/${id}\\D`));
    }
  });

  it('replaces every placeholder', () => {
    for (const vector of HOSTILE_VECTORS) {
      const html = instantiate(vector, { listener: LISTENER, marker });
      expect(html, vector.id).not.toMatch(/__PWN__|__LISTENER__/);
      expect(html.split(marker(vector.id)).length).toBe(vector.html.split('__PWN__').length);
      expect(html.split('127.0.0.1:7777').length).toBe(vector.html.split('__LISTENER__').length);
    }
  });

  it('takes the listener as a host or an origin', () => {
    const vector = HOSTILE_VECTORS.find((v) => v.id === 'remote-fetch-01');
    if (!vector) throw new Error('remote-fetch-01 is missing');
    const fromHost = instantiate(vector, { listener: 'localhost:9', marker });
    expect(fromHost).toContain('http://localhost:9/remote-fetch-01.png');
    expect(instantiate(vector, { listener: 'http://localhost:9/', marker })).toBe(fromHost);
    expect(() => instantiate(vector, { listener: 'localhost:9/x"', marker })).toThrow(/listener/);
  });

  it('refuses a marker that would break the vectors it is written into', () => {
    const vector = HOSTILE_VECTORS[0];
    if (!vector) throw new Error('empty corpus');
    expect(() => instantiate(vector, { listener: LISTENER, marker: () => 'alert("x")' })).toThrow(/marker/);
    expect(() => instantiate(vector, { listener: LISTENER, marker: () => 'alert(1) ' })).toThrow(/marker/);
    expect(() => instantiate(vector, { listener: LISTENER, marker: () => '$&' })).toThrow(/marker/);
  });

  it('groups the corpus into one mail per family, each vector once', () => {
    const mails = hostileMails(LISTENER, marker);
    expect(mails.map((mail) => mail.family)).toEqual([...HOSTILE_FAMILIES]);
    expect(mails.flatMap((mail) => mail.vectorIds).sort()).toEqual(HOSTILE_VECTORS.map((v) => v.id).sort());
    for (const mail of mails) {
      expect(mail.subject).toContain(mail.family);
      expect(mail.html).not.toMatch(/__PWN__|__LISTENER__/);
      for (const id of mail.vectorIds) expect(mail.html).toContain(`${id}: `);
    }
  });
});
