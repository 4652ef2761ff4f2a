import type { CommandOutput } from '../../../services/contracts';
import { formatDateTime } from '../../common/time';
import { EmailSourceNotice, EmailStatus, InboundAttachments } from '../email/EmailStatus';
import { EmailBody } from './EmailBody';
import { authorLabel, isWhisper } from './messageLines';
import { useT } from '../../i18n';
import './messageLines.css';

type Loaded = CommandOutput<'conversation/get'>;
type PaneProps = Readonly<{ data: Loaded }>;

// The OPT_OUT rule moved to features/telephony with the SMS pane; kept importable from here.
export { hasOptedOut } from '../telephony/optOut';

export function EmailPane({ data }: PaneProps) {
  const { t } = useT('conversation');
  return (
    <div className="pane pane-email">
      <ol className="email-thread" aria-label={t('thread.emailThread')}>
        {data.messages.map((m) => (
          <li key={m.id} className={`email-item email-${m.direction}${isWhisper(m) ? ' msg-whisper' : ''}`}>
            <header className="email-head">
              <span className="email-from">{authorLabel(m, data.customer.displayName)}</span>
              {isWhisper(m) && <span className="msg-private">{t('thread.private')}</span>}
              {m.direction === 'out' && <EmailStatus message={m} />}
              <time className="muted small" dateTime={new Date(m.createdAt).toISOString()}>
                {formatDateTime(m.createdAt)}
              </time>
            </header>
            {m.direction === 'in' && <EmailSourceNotice message={m} />}
            {m.bodyHtml && m.direction === 'in' ? (
              <EmailBody html={m.bodyHtml} text={m.bodyText} title={t('thread.emailFrom', { name: data.customer.displayName })} />
            ) : (
              <div className="email-text">{m.bodyText}</div>
            )}
            <InboundAttachments message={m} />
          </li>
        ))}
      </ol>
    </div>
  );
}
