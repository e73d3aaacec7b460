/** IPC channel names, dependency-free so the preload bundle stays tiny (it imports only this, electron and the API name list). */
export const CALL_PREFIX = 'kpi:';
export const EVENT_PREFIX = 'kpi-event:';
/** Files dropped on the window: the preload reads their paths (page scripts cannot) and main registers them. */
export const DROP_CHANNEL = 'kpi-drop';
