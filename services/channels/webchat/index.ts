export { webchatModule } from './module';
export { webchatHandlers, WEBCHAT_SERVICE_KEY } from './agentHandlers';
export { SMS_SENDER_KEY, type SmsSender } from './mailer';
export { buildWidget } from './widgetBundle';
