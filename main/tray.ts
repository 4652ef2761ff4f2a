import type { AgentState, DesktopStatus } from '../services/contracts';
import type { ElectronLike, TrayLike } from './electronLike';

const stateLabels: Readonly<Record<AgentState, string>> = {
  available: 'Available',
  busy: 'Busy',
  wrap_up: 'Wrap-up',
  away: 'Away',
  away_missed: 'Away (missed offers)',
  offline: 'Offline',
};

export function statusText(status: DesktopStatus): string {
  const waiting = status.waiting === 1 ? '1 waiting' : `${status.waiting} waiting`;
  return `Switchboard: ${stateLabels[status.state]} · ${waiting}`;
}

export type TrayActions = Readonly<{ show: () => void; quit: () => void }>;

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
        { label: stateLabels[this.status.state], enabled: false },
        { label: `${this.status.waiting} waiting`, enabled: false },
        { type: 'separator' },
        { label: 'Show Switchboard', click: () => this.actions.show() },
        { label: 'Quit', click: () => this.actions.quit() },
      ]),
    );
  }
}
