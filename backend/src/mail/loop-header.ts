/** The loop header every mail we send carries; mail that comes back with it is ours (loop protection). */
export const LOOP_HEADER = 'x-helpdesk-loop';
