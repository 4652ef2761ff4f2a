import { isBuiltInEnglish, locale, pickLanguage, setLanguage, t } from './i18n';
import { ChatWidget } from './widget';

/**
 * Entry of /widget.js. Embedded with one tag: `<script src="https://hub.example/widget.js" data-queue="support">`.
 * The hub's address is taken from the script's own URL, so the page hosting it can live anywhere. The
 * visitor's browser languages choose English or Spanish; `data-lang="es"` (or "en") on the tag forces one.
 */
function boot(): void {
  const script =
    document.currentScript instanceof HTMLScriptElement
      ? document.currentScript
      : document.querySelector<HTMLScriptElement>('script[src*="widget.js"][data-queue]');
  if (!script) return;
  const hubOrigin = new URL(script.src, location.href).origin;
  const queueId = /^[a-z0-9][a-z0-9_-]{0,63}$/.test(script.dataset.queue ?? '') ? (script.dataset.queue as string) : 'support';
  setLanguage(pickLanguage(script.dataset.lang, navigator.languages ?? [navigator.language]));
  // A title the site chose is shown as written; none (or our own English default, which admin forms
  // pre-fill) reads "Chat with us" in the visitor's language.
  const typed = script.dataset.title?.trim();
  const title = (typed && !isBuiltInEnglish('defaultTitle', typed) ? typed : t('defaultTitle')).slice(0, 80);
  const mount = () => {
    const host = document.createElement('div');
    host.id = 'switchboard-webchat';
    // Screen readers pick the voice for the widget's language, whatever the host page is written in.
    host.lang = locale();
    document.body.append(host);
    new ChatWidget(host, { hubOrigin, queueId, title });
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}

boot();
