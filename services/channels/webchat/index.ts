export { webchatModule } from './module';
export { WEBCHAT } from './agentHandlers';
export { buildWidget } from './widgetBundle';
