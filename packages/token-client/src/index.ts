export { TokenServiceClient, type TokenServiceClientOptions } from './token-service-client.ts';
