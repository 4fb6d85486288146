export { TokenVerifier, mintToken, type TokenVerifierOptions } from './token-verifier';
