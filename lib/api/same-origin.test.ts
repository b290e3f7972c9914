import { describe, expect, it } from 'vitest';
import { crossOriginRefusal, mediaTypeRefusal, unsafeRequestRefusal } from './same-origin';

const APP = 'https://mail.contoso.test';

function request(method: string, headers: Record<string, string>, path = '/api/trusted-senders') {
  return new Request(`${APP}${path}`, { method, headers });
}

const json = { 'content-type': 'application/json', 'content-length': '30' };

describe('same-origin check', () => {
  it('lets through a write from our own pages', () => {
    expect(crossOriginRefusal(request('POST', { origin: APP }), APP)).toBeNull();
    expect(crossOriginRefusal(request('POST', { 'sec-fetch-site': 'same-origin' }), APP)).toBeNull();
  });

  it('refuses another origin, a sibling subdomain, another port or scheme, and "null"', () => {
    for (const origin of [
      'https://evil.test',
      'https://other.contoso.test',
      'https://mail.contoso.test:8443',
      'http://mail.contoso.test',
      'null',
      'not a url',
    ]) {
      const refusal = crossOriginRefusal(request('POST', { origin, cookie: 'session=1' }), APP);
      expect(refusal, origin).toMatchObject({ status: 403, code: 'cross_origin' });
      expect(refusal?.message).toContain(`open ${APP}`);
    }
  });

  it('trusts Origin over Sec-Fetch-Site when both are sent', () => {
    const headers = { origin: 'https://evil.test', 'sec-fetch-site': 'same-origin' };
    expect(crossOriginRefusal(request('POST', headers), APP)).toMatchObject({ status: 403 });
  });

  it('refuses same-site and cross-site fetches that carry no Origin', () => {
    for (const site of ['same-site', 'cross-site', 'none']) {
      expect(crossOriginRefusal(request('POST', { 'sec-fetch-site': site }), APP), site).toMatchObject({
        status: 403,
        code: 'cross_origin',
      });
    }
  });

  it('refuses a cookie-carrying request that says nothing of where it comes from', () => {
    expect(crossOriginRefusal(request('POST', { cookie: 'session=1' }), APP)).toMatchObject({ status: 403 });
  });

  it('lets a request with neither header nor cookie go on (it has no session to act with)', () => {
    expect(crossOriginRefusal(request('POST', {}), APP)).toBeNull();
  });
});

describe('media type check', () => {
  it('accepts JSON, with or without parameters and in any case', () => {
    expect(mediaTypeRefusal(request('POST', json), 'json')).toBeNull();
    const withCharset = { ...json, 'content-type': 'Application/JSON; charset=utf-8' };
    expect(mediaTypeRefusal(request('POST', withCharset), 'json')).toBeNull();
  });

  it('accepts a write without a body (no type, no length)', () => {
    expect(mediaTypeRefusal(request('POST', {}), 'json')).toBeNull();
    expect(mediaTypeRefusal(request('DELETE', { 'content-length': '0' }), 'json')).toBeNull();
  });

  it('refuses the types an HTML form can send, and a body of no declared type', () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const refusal = mediaTypeRefusal(request('POST', { 'content-type': type }), 'json');
      expect(refusal, type).toMatchObject({ status: 415, code: 'unsupported_media_type' });
      expect(refusal?.message).toContain('application/json');
    }
    expect(mediaTypeRefusal(request('POST', { 'content-length': '12' }), 'json')).toMatchObject({
      status: 415,
    });
    expect(mediaTypeRefusal(request('POST', { 'transfer-encoding': 'chunked' }), 'json')).toMatchObject({
      status: 415,
    });
  });

  it('holds a form route to urlencoded, and lets a raw upload send its file’s own type', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(mediaTypeRefusal(request('POST', form), 'form')).toBeNull();
    expect(mediaTypeRefusal(request('POST', json), 'form')).toMatchObject({ status: 415 });
    expect(mediaTypeRefusal(request('POST', { 'content-type': 'text/plain' }), 'any')).toBeNull();
  });
});

describe('writes', () => {
  it('are checked for origin first, then type; reads are never checked', () => {
    const crossText = { origin: 'https://evil.test', 'content-type': 'text/plain' };
    expect(unsafeRequestRefusal(request('POST', crossText), APP)).toMatchObject({ status: 403 });
    const sameText = { origin: APP, 'content-type': 'text/plain' };
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(unsafeRequestRefusal(request(method, sameText), APP), method).toMatchObject({ status: 415 });
    }
    expect(unsafeRequestRefusal(request('POST', { origin: APP, ...json }), APP)).toBeNull();
    expect(unsafeRequestRefusal(request('GET', { origin: 'https://evil.test' }), APP)).toBeNull();
  });

  it('let an upload from our pages send any type, but not from another site', () => {
    const path = '/api/drafts/d1/attachments';
    const upload = { 'content-type': 'text/plain', 'content-length': '5' };
    expect(unsafeRequestRefusal(request('POST', { origin: APP, ...upload }, path), APP, 'any')).toBeNull();
    expect(
      unsafeRequestRefusal(request('POST', { origin: 'https://evil.test', ...upload }, path), APP, 'any'),
    ).toMatchObject({ status: 403 });
    // A route that did not say so reads JSON, whatever its path.
    expect(unsafeRequestRefusal(request('POST', { origin: APP, ...upload }, path), APP)).toMatchObject({
      status: 415,
    });
  });
});
