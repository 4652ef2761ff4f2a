import { Brand } from '../common/Brand';
import { AccountMenu } from '../features/account/AccountMenu';
import { ChooseNewPassword } from '../features/account/ChooseNewPassword';
import { ConversationView } from '../features/conversation/ConversationView';
import { OfferToast } from '../features/offers/OfferToast';
import { PresenceControl } from '../features/presence/PresenceControl';
import { QueueView } from '../features/queues/QueueView';
import { SignIn } from '../features/session/SignIn';
import { signOut } from '../features/session/sessionSlice';
import { SupervisorHome } from '../features/supervision/SupervisorConsole';
import { Worklist } from '../features/worklist/Worklist';
import { ConnectionBanner } from './ConnectionBanner';
import { CustomerSearch } from '../features/customers/CustomerSearch';
import { SoftphoneHost, SoftphoneStatus } from '../features/telephony/softphone/SoftphoneHost';
import { useAttentionCount } from './useAttentionCount';
import { AnswersButton } from '../features/answers/AnswersButton';
import { useAppDispatch, useAppSelector } from './hooks';
import { useT } from '../i18n';
import { useDocumentLanguage } from '../common/language';

export function App() {
  useDocumentLanguage();
  const session = useAppSelector((s) => s.session.session);
  if (!session) return <SignIn />;
  // A temporary password opens nothing but its replacement (the hub refuses everything else too).
  if (session.mustChangePassword) return <ChooseNewPassword />;
  const desk = <Desk />;
  // Supervisors and admins land on the console; agents never see it (the hub refuses its commands anyway).
  // One softphone for the whole session: it keeps ringing and talking while the view changes.
  return <SoftphoneHost>{session.agent.role === 'agent' ? desk : <SupervisorHome desk={desk} />}</SoftphoneHost>;
}

function Desk() {
  const dispatch = useAppDispatch();
  const { t } = useT();
  useAttentionCount();
  return (
    <div className="desk">
      <header className="topbar">
        <Brand />
        <PresenceControl />
        <CustomerSearch />
        <div className="topbar-right">
          <SoftphoneStatus />
          <AnswersButton />
          <AccountMenu />
          <button type="button" className="btn btn-ghost" onClick={() => void dispatch(signOut())}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <div className="desk-body">
        <nav className="sidebar" aria-label={t('nav.workAndQueues')}>
          <OfferToast />
          <Worklist />
          <QueueView />
        </nav>
        <ConversationView />
      </div>
      <footer className="shortcuts muted small" aria-label={t('shortcuts.label')}>
        <span>
          <kbd>{t('shortcuts.keyAccept')}</kbd> {t('shortcuts.accept')}
        </span>
        <span>
          <kbd>{t('shortcuts.keyReject')}</kbd> {t('shortcuts.reject')}
        </span>
        <span>
          <kbd>{t('shortcuts.keySwitch')}</kbd> {t('shortcuts.switch')}
        </span>
        <span>
          <kbd>{t('shortcuts.keySend')}</kbd> {t('shortcuts.send')}
        </span>
      </footer>
    </div>
  );
}
