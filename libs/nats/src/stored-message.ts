import { chatMessage, LivecastError, type ChatMessage } from '@livecast/contracts';
import { decodeJson } from './codec';

/** Told about a stored message that breaks the contract (it is skipped, never returned typed). */
export type OnInvalidStored = (seq: number, reason: string) => void;

/** Decodes a stored message body and stamps its stream sequence; undefined (reported) when it breaks the contract. */
export function decodeStored(data: Uint8Array, seq: number, onInvalid: OnInvalidStored): ChatMessage | undefined {
  try {
    const message = chatMessage.parse(decodeJson(data));
    message.seq = seq;
    return message;
  } catch (err) {
    onInvalid(seq, err instanceof LivecastError ? err.message : String(err));
    return undefined;
  }
}
