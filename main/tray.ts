import type { DesktopStatus } from '../services/contracts';
import { agentStateLabel } from '../services/contracts/labels';
import type { ElectronLike, TrayLike } from './electronLike';

export function statusText(status: DesktopStatus): string {
  const waiting = status.waiting === 1 ? '1 waiting' : `${status.waiting} waiting`;
  return `Switchboard: ${agentStateLabel[status.state]} · ${waiting}`;
}

export type TrayActions = Readonly<{ show: () => void; quit: () => void; openLogs?: () => void }>;

/** The tray icon (agent state + waiting count in its tooltip and menu) and the dock/launcher badge. */
export class StatusTray {
  private tray: TrayLike | null = null;
  private status: DesktopStatus = { state: 'offline', waiting: 0 };

  constructor(
    private readonly electron: Pick<ElectronLike, 'Tray' | 'Menu' | 'app'>,
    private readonly iconPath: string,
    private readonly actions: TrayActions,
  ) {}

  /** Some Linux desktops have no tray; the app works without it. */
  create(): boolean {
    try {
      this.tray = new this.electron.Tray(this.iconPath);
      this.tray.on('click', () => this.actions.show());
      this.render();
      return true;
    } catch {
      this.tray = null;
      return false;
    }
  }

  update(status: DesktopStatus): void {
    this.status = status;
    this.electron.app.setBadgeCount(status.waiting);
    this.render();
  }

  current(): DesktopStatus {
    return this.status;
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  private render(): void {
    if (!this.tray) return;
    this.tray.setToolTip(statusText(this.status));
    this.tray.setContextMenu(
      this.electron.Menu.buildFromTemplate([
        { label: agentStateLabel[this.status.state], enabled: false },
        { label: `${this.status.waiting} waiting`, enabled: false },
        { type: 'separator' },
        { label: 'Show Switchboard', click: () => this.actions.show() },
        ...(this.actions.openLogs ? [{ label: 'Open log folder', click: () => this.actions.openLogs?.() }] : []),
        { label: 'Quit', click: () => this.actions.quit() },
      ]),
    );
  }
}
