/**
 * IPC channel names shared by the preload bridge and the main process. Kept in a module with
 * no imports so the sandboxed preload bundle pulls in nothing else.
 */
export const INVOKE_CHANNEL = 'paramscope:invoke'
export const EVENT_CHANNEL = 'paramscope:event'
