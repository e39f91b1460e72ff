/** Whether something accepts connections on a loopback port. */
export function portOpen(port: number): Promise<boolean>;
