import type { Rectangle, WindowLike } from './electronLike';
import type { WindowState } from './settings';

export const defaultWindowSize = { width: 1280, height: 800 } as const;

/**
 * The saved bounds, unless the saved position is on no display any more (a monitor was unplugged): then only the
 * size is kept and the OS places the window.
 */
export function initialWindowBounds(saved: WindowState | undefined, displays: ReadonlyArray<{ workArea: Rectangle }>): WindowState {
  if (!saved) return { ...defaultWindowSize, maximized: false };
  const { x, y, width, height, maximized } = saved;
  if (x === undefined || y === undefined) return { width, height, maximized };
  const visible = displays.some(({ workArea }) => overlaps({ x, y, width, height }, workArea, 64));
  return visible ? saved : { width, height, maximized };
}

function overlaps(a: Rectangle, b: Rectangle, minimum: number): boolean {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width >= minimum && height >= minimum;
}

export function captureWindowState(window: WindowLike): WindowState {
  const bounds = window.getNormalBounds();
  return {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.max(400, Math.round(bounds.width)),
    height: Math.max(300, Math.round(bounds.height)),
    maximized: window.isMaximized(),
  };
}
