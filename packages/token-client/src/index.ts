export { TokenServiceClient, type TokenServiceClientOptions } from './token-service-client.ts';
export { connectionClients, type ConnectionClients } from './connection-clients.ts';
