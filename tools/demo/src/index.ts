export { startDemoServer, type DemoConfig, type DemoServer, type DemoServerOptions } from './server/demo-server';
export { openLobby, LOBBY_ROOM } from './server/lobby';
export { DEMO_HOST_ID, type DevToken } from './server/dev-tokens';
