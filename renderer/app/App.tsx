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
import { useAppDispatch, useAppSelector } from './hooks';

export function App() {
  const session = useAppSelector((s) => s.session.session);
  if (!session) return <SignIn />;
  const desk = <Desk name={session.agent.displayName} hubUrl={session.hubUrl} />;
  // Supervisors and admins land on the console; agents never see it (the hub refuses its commands anyway).
  // One softphone for the whole session: it keeps ringing and talking while the view changes.
  return <SoftphoneHost>{session.agent.role === 'agent' ? desk : <SupervisorHome desk={desk} />}</SoftphoneHost>;
}

function Desk({ name, hubUrl }: Readonly<{ name: string; hubUrl: string }>) {
  const dispatch = useAppDispatch();
  useAttentionCount();
  return (
    <div className="desk">
      <header className="topbar">
        <div className="brand" aria-label="Switchboard">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          Switchboard
        </div>
        <PresenceControl />
        <CustomerSearch />
        <div className="topbar-right">
          <SoftphoneStatus />
          <span className="agent-name" title={`Signed in to ${hubUrl}`}>
            {name}
          </span>
          <button type="button" className="btn btn-ghost" onClick={() => void dispatch(signOut())}>
            Sign out
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <div className="desk-body">
        <nav className="sidebar" aria-label="Work and queues">
          <Worklist />
          <QueueView />
        </nav>
        <ConversationView />
      </div>
      <OfferToast />
      <footer className="shortcuts muted small" aria-label="Keyboard shortcuts">
        <span>
          <kbd>Alt A</kbd> accept offer
        </span>
        <span>
          <kbd>Alt R</kbd> reject
        </span>
        <span>
          <kbd>Alt ↑↓</kbd> switch conversation
        </span>
        <span>
          <kbd>Ctrl Enter</kbd> send
        </span>
      </footer>
    </div>
  );
}
