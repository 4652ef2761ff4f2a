// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimelineItem } from '../../../services/contracts';
import { TimelineList } from '../../../renderer/features/customers/CustomerTimeline';

/*
 * happy-dom has no layout, so the scroll box reports the size a real 400px panel would; everything else
 * (which rows exist in the DOM, how scrolling changes them) is the library's real behaviour.
 */
const size = (el: Element, row: number): number => (el.classList.contains('timeline-scroll') ? 400 : row);
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return size(this, 0);
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return size(this, 76);
  });
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    const height = size(this, 76);
    return { x: 0, y: 0, top: 0, left: 0, bottom: height, right: 300, width: 300, height, toJSON: () => ({}) };
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const items: TimelineItem[] = Array.from({ length: 10_000 }, (_, i) => ({
  conversationId: i + 1,
  channel: (['chat', 'sms', 'email', 'voice'] as const)[i % 4]!,
  state: 'closed',
  queueId: 'support',
  subject: null,
  firstLine: `item ${i}`,
  agentId: null,
  agentName: null,
  disposition: null,
  createdAt: 1_700_000_000_000 - i * 60_000,
  closedAt: null,
  messageCount: 2,
  noteCount: 0,
  notes: [],
}));

describe('<TimelineList> (customer 360 history) with 10,000 conversations', () => {
  it('keeps only a window of rows in the DOM and moves it when scrolled, asking for more at the end', () => {
    const onEndReached = vi.fn();
    render(<TimelineList items={items} onEndReached={onEndReached} />);
    const rows = () => screen.getAllByRole('listitem');
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(40);
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe('10000');
    expect(screen.getByText('item 0')).toBeTruthy();
    expect(onEndReached).not.toHaveBeenCalled();

    const scroller = screen.getByLabelText('Customer history');
    act(() => {
      scroller.scrollTop = 76 * 5000;
      fireEvent.scroll(scroller);
    });
    expect(screen.queryByText('item 0')).toBeNull();
    expect(screen.getByText('item 5002')).toBeTruthy();
    expect(rows().length).toBeLessThan(40);

    act(() => {
      scroller.scrollTop = 76 * 10_000;
      fireEvent.scroll(scroller);
    });
    expect(screen.getByText('item 9999')).toBeTruthy();
    expect(onEndReached).toHaveBeenCalled();
  });
});
