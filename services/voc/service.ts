import { serviceKey } from '../hub/services';
import type { VocJob } from './job';

/** The running analyser job (progress, re-analysis, nudges), published for the module's commands. */
export const VOC = serviceKey<VocJob>('voc');
