import { describe, expect, it } from 'vitest';
import { permissionCheckHandler, permissionRequestHandler } from '../../../main/permissions';
import { FakeWebContents } from '../../support/fakeElectron';

function request(permission: string, details: { requestingUrl?: string; mediaTypes?: Array<'video' | 'audio'> }): boolean {
  let granted: boolean | null = null;
  permissionRequestHandler(new FakeWebContents(), permission, (answer) => (granted = answer), details);
  if (granted === null) throw new Error('handler never answered');
  return granted;
}

describe('permission request handler', () => {
  const desktop = 'app://desktop/';
  it('grants notifications and microphone to the desktop UI', () => {
    expect(request('notifications', { requestingUrl: desktop })).toBe(true);
    expect(request('media', { requestingUrl: desktop, mediaTypes: ['audio'] })).toBe(true);
    // The softphone's speaker choice (setSinkId / selectAudioOutput).
    expect(request('speaker-selection', { requestingUrl: desktop })).toBe(true);
  });

  it('refuses the camera, screen, and media requests without types', () => {
    expect(request('media', { requestingUrl: desktop, mediaTypes: ['video'] })).toBe(false);
    expect(request('media', { requestingUrl: desktop, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(request('media', { requestingUrl: desktop, mediaTypes: [] })).toBe(false);
    expect(request('media', { requestingUrl: desktop })).toBe(false);
    expect(request('display-capture', { requestingUrl: desktop })).toBe(false);
  });

  it.each(['geolocation', 'clipboard-read', 'midiSysex', 'openExternal', 'fullscreen', 'pointerLock', 'unknown'])(
    'refuses %s',
    (permission) => {
      expect(request(permission, { requestingUrl: desktop })).toBe(false);
    },
  );

  it('refuses everything to other origins', () => {
    expect(request('notifications', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(request('media', { requestingUrl: 'app://setup/', mediaTypes: ['audio'] })).toBe(false);
    expect(request('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] })).toBe(false);
    expect(request('speaker-selection', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(request('notifications', {})).toBe(false);
  });
});

describe('permission check handler', () => {
  it('follows the same rule', () => {
    expect(permissionCheckHandler(null, 'notifications', 'app://desktop', {})).toBe(true);
    expect(permissionCheckHandler(null, 'media', 'app://desktop', { mediaType: 'audio' })).toBe(true);
    expect(permissionCheckHandler(null, 'speaker-selection', 'app://desktop', {})).toBe(true);
    expect(permissionCheckHandler(null, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false);
    expect(permissionCheckHandler(null, 'media', 'app://desktop', { mediaType: 'video' })).toBe(false);
    expect(permissionCheckHandler(null, 'geolocation', 'app://desktop', {})).toBe(false);
    expect(permissionCheckHandler(null, 'notifications', 'https://evil.example', {})).toBe(false);
  });
});
