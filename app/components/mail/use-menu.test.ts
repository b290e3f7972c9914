// @vitest-environment jsdom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useMenu } from './use-menu';

// React warns about updates outside act() unless told this is a test environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A menu as the mail screen builds one: a button, a list of item buttons, and something outside. */
function TestMenu() {
  const menu = useMenu<HTMLUListElement>('button');
  return createElement(
    'div',
    null,
    createElement('button', { ...menu.buttonProps, type: 'button' }, 'Move'),
    menu.open
      ? createElement(
          'ul',
          menu.panelProps,
          ['Inbox', 'Archive', 'Projects'].map((name) =>
            createElement('li', { key: name }, createElement('button', { type: 'button' }, name)),
          ),
        )
      : null,
    createElement('p', null, 'Outside'),
  );
}

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root.render(createElement(TestMenu)));
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const toggle = () => container.querySelector('button') as HTMLButtonElement;
const panel = () => container.querySelector('ul');
const focused = () => document.activeElement?.textContent;

function open() {
  act(() => toggle().click());
}

function press(key: string) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  act(() => {
    (document.activeElement ?? document.body).dispatchEvent(event);
  });
  return event;
}

function pointerDown(target: Element) {
  act(() => {
    target.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
  });
}

describe('useMenu', () => {
  it('opens with focus on the first item, and the arrows move round the ends', () => {
    open();
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    expect(focused()).toBe('Inbox');
    expect(press('ArrowDown').defaultPrevented).toBe(true);
    expect(focused()).toBe('Archive');
    press('ArrowUp');
    press('ArrowUp');
    expect(focused()).toBe('Projects');
    press('ArrowDown');
    expect(focused()).toBe('Inbox');
  });

  it('closes on Escape and gives focus back to the button, keeping the key from the mail screen', () => {
    open();
    press('ArrowDown');
    const escapeKey = press('Escape');
    expect(panel()).toBeNull();
    expect(document.activeElement).toBe(toggle());
    // The mail screen's shortcuts listen on the document and skip keys already handled.
    expect(escapeKey.defaultPrevented).toBe(true);
  });

  it('closes on a pointer down outside, but not on one inside the menu', () => {
    open();
    pointerDown(panel()?.querySelector('li') as Element);
    expect(panel()).not.toBeNull();
    pointerDown(container.querySelector('p') as Element);
    expect(panel()).toBeNull();
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
  });

  it('leaves other keys alone', () => {
    open();
    expect(press('j').defaultPrevented).toBe(false);
    expect(panel()).not.toBeNull();
    expect(focused()).toBe('Inbox');
  });
});
