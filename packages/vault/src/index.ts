export { KeyRing, type MasterKey } from './key-ring.ts';
export { open, seal, type SealedSecret } from './cipher.ts';
export { CredentialVault, VaultError, type RotationResult } from './credential-vault.ts';
