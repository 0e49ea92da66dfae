// One copy of the Dovecot harness serves the jest tests and the benchmarks (test/support/dovecot.cjs).
export { Dovecot, freePort } from '../../../test/support/dovecot.cjs';
