/** Plugin certificates: file hashes signed with Ed25519, checked by the host's certified-only mode and by `ledgersync verify`. */
export * from './types';
export * from './errors';
export { canonicalJson } from './canonical-json';
export { hashPluginFiles } from './hash-files';
export { generateSigningKeyPair } from './keys';
export { signCertificate } from './sign';
export { verifyCertificate } from './verify';
