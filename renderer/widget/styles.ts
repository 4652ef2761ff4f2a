/** Scoped to the widget's shadow root, so the host page's CSS and ours never meet. */
export const styles = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 28px;
  background: #2457d6; color: #fff; font-size: 15px; font-weight: 600; padding: 14px 20px; cursor: pointer;
  box-shadow: 0 6px 18px rgba(20, 40, 90, .3); }
.launcher:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #9bb7ff; outline-offset: 1px; }
.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483000; width: 360px; max-width: calc(100vw - 24px);
  height: 540px; max-height: calc(100vh - 110px); background: #fff; color: #1d2330; border-radius: 14px;
  box-shadow: 0 12px 40px rgba(20, 40, 90, .28); display: flex; flex-direction: column; overflow: hidden; font-size: 14px; }
.panel[hidden] { display: none; }
/* Phones: the panel spans the screen with even margins; long words (Spanish labels, addresses) wrap. */
@media (max-width: 480px) { .panel { left: 12px; right: 12px; width: auto; max-width: none; } .launcher { right: 12px; } }
.header .title, .status, .note, form.card label { overflow-wrap: anywhere; }
.header { background: #2457d6; color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 8px; }
.header .title { font-weight: 600; font-size: 15px; flex: 1; }
.header button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.5); border-radius: 6px; padding: 4px 8px; cursor: pointer; font-size: 12px; }
.status { padding: 8px 14px; background: #eef2fb; color: #33415c; font-size: 13px; border-bottom: 1px solid #dde3f0; min-height: 34px; }
.body { flex: 1; overflow-y: auto; padding: 12px 14px; display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 82%; padding: 8px 11px; border-radius: 12px; line-height: 1.35; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.visitor { align-self: flex-end; background: #2457d6; color: #fff; border-bottom-right-radius: 4px; }
.msg.agent { align-self: flex-start; background: #eef0f4; color: #1d2330; border-bottom-left-radius: 4px; }
.msg.system { align-self: center; background: transparent; color: #5b6478; font-size: 12px; font-style: italic; }
.msg .meta { display: block; font-size: 11px; opacity: .75; margin-top: 3px; }
.msg a { color: inherit; text-decoration: underline; }
.typing { padding: 0 14px 6px; font-size: 12px; color: #5b6478; min-height: 18px; }
.composer { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e3e6ee; align-items: flex-end; }
.composer textarea { flex: 1; resize: none; border: 1px solid #c8cfdd; border-radius: 8px; padding: 8px; font-size: 14px; min-height: 38px; max-height: 110px; }
button.primary { background: #2457d6; color: #fff; border: 0; border-radius: 8px; padding: 9px 14px; font-weight: 600; cursor: pointer; }
button.secondary { background: #fff; color: #2457d6; border: 1px solid #b9c6e6; border-radius: 8px; padding: 8px 12px; cursor: pointer; }
button:disabled { opacity: .55; cursor: default; }
.attach { padding: 7px 9px; line-height: 0; }
.actions { display: flex; gap: 6px; padding: 0 10px 10px; flex-wrap: wrap; }
form.card { display: flex; flex-direction: column; gap: 8px; padding: 14px; }
form.card label { display: flex; flex-direction: column; gap: 3px; font-size: 13px; color: #33415c; }
form.card input, form.card textarea { border: 1px solid #c8cfdd; border-radius: 8px; padding: 8px; font-size: 14px; }
.note { color: #5b6478; font-size: 13px; line-height: 1.4; margin: 0; }
.error { color: #b3261e; font-size: 13px; min-height: 16px; margin: 0; }
.history-item { text-align: left; border: 1px solid #dde3f0; border-radius: 10px; padding: 9px 11px; background: #fff; cursor: pointer; display: flex; flex-direction: column; gap: 3px; color: #1d2330; font-size: 13px; }
.history-item .line1 { display: flex; justify-content: space-between; gap: 8px; font-size: 12px; color: #5b6478; }
.history-item .subject { font-weight: 600; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 7px; font-size: 11px; background: #eef0f4; color: #33415c; }
.badge.open { background: #e4f4e8; color: #1c6b34; }
.section { font-size: 12px; font-weight: 600; color: #5b6478; text-transform: uppercase; letter-spacing: .04em; margin-top: 4px; }
`;
