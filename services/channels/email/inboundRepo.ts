// Moved into ./repo.ts (one SQL home per feature). This re-export stays only while inbound.ts (item 6's file,
// not edited by item 7) imports it from here: point that import at './repo' and delete this file.
export { inboundMailRows, senderOwnsConversation } from './repo';
