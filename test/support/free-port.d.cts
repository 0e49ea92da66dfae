/** A TCP port no server holds, below the kernel's ephemeral range, not handed out before (free-port.cjs). */
export function freePort(): Promise<number>;
