import { createRequire } from 'node:module';
import type Twilio from 'twilio';

// A plain require (not `import`) so that bundling the hub cannot hoist it into a static import: the package
// and its REST client load on first use (an outbound SMS, a call, a voice token), not while a restarted hub
// is trying to answer its first webhook. The webhooks' signature check does not need it (webhook.ts).
const require = createRequire(import.meta.url);
let lib: typeof Twilio | undefined;

/** The twilio package, loaded once, on first use. */
export function twilioLib(): typeof Twilio {
  lib ??= require('twilio') as typeof Twilio;
  return lib;
}
