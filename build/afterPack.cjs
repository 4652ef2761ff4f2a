// electron-builder afterPack hook: flips Electron fuses in the packaged binary (before signing), so the shipped
// app cannot be turned into a general-purpose Node runtime or debugger and only runs the code in its app.asar.
// @electron/fuses is ESM, hence the dynamic import.
const path = require('node:path');

/** Fuse settings by name (see FuseV1Options in @electron/fuses). */
const fuseSettings = {
  RunAsNode: false, // ELECTRON_RUN_AS_NODE ignored
  EnableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS ignored
  EnableNodeCliInspectArguments: false, // --inspect, --inspect-brk ignored
  OnlyLoadAppFromAsar: true, // no loose app/ folder next to app.asar is loaded
  EnableCookieEncryption: true,
  GrantFileProtocolExtraPrivileges: false, // the UI is on app://, file:// needs no privileges
};

/** The Electron executable inside the packaged output, per platform. */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${product}.app`);
    case 'win32':
      return path.join(appOutDir, `${product}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

/** The @electron/fuses config: names mapped to their wire index. */
function fuseConfig(fuses, context) {
  const config = { version: fuses.FuseVersion.V1 };
  for (const [name, value] of Object.entries(fuseSettings)) {
    const index = fuses.FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[index] = value;
  }
  // Apple Silicon refuses a binary whose ad-hoc signature no longer matches; re-sign ad hoc after flipping.
  config.resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === 3; // Arch.arm64
  return config;
}

async function afterPack(context, fuses) {
  const lib = fuses ?? (await import('@electron/fuses'));
  const target = executablePath(context);
  await lib.flipFuses(target, fuseConfig(lib, context));
  console.log(
    `  • fuses flipped in ${path.basename(target)}: ${Object.entries(fuseSettings)
      .map(([k, v]) => `${k}=${v ? 'on' : 'off'}`)
      .join(', ')}`,
  );
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseSettings = fuseSettings;
module.exports.executablePath = executablePath;
module.exports.fuseConfig = fuseConfig;
