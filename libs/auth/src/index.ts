export { TokenVerifier, isStaff, mintToken, type TokenVerifierOptions } from './token-verifier';
