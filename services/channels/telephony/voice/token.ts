import { HubError, offReasons, type VoiceDeviceOptions } from '../../../contracts';
import type { TwilioRuntime } from '../runtime';
import { twilioLib } from '../twilioLib';
import { agentIdentity } from './twiml';

/** A Voice SDK access token for one agent: incoming calls to `agent-<id>`, outgoing through the TwiML App. */
export function mintVoiceToken(
  rt: TwilioRuntime,
  agentId: number,
): { token: string; identity: string; expiresAt: number; device: VoiceDeviceOptions } {
  const { apiKey, apiSecret, accountSid, twimlAppSid, voice } = rt.config;
  if (!apiKey || !apiSecret) throw new HubError('channel_unavailable', offReasons.voiceNoApiKey);
  const identity = agentIdentity(agentId);
  const { AccessToken } = twilioLib().jwt;
  const token = new AccessToken(accountSid, apiKey, apiSecret, { identity, ttl: voice.tokenTtlSeconds });
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, ...(twimlAppSid ? { outgoingApplicationSid: twimlAppSid } : {}) }));
  return {
    token: token.toJwt(),
    identity,
    expiresAt: rt.now() + voice.tokenTtlSeconds * 1000,
    device: { edge: voice.sdkEdge ?? null, signallingHost: rt.config.sdkSignallingHost ?? null },
  };
}
