import type { ChatMessage, RoomFrame } from '@livecast/contracts';

// Chat as it reads: short lines from a few hundred common words, emoji, numbers and the
// odd typo, from many different viewers. Compression ratios depend on the text; uniform
// or repeated text would flatter them.
const WORDS = (
  'the a to and i you it is in that this of lol for on my what no yes so just be me was are gg wp ' +
  'nice wow omg haha lmao pog poggers kekw clip that bro dude man let go lets goo again why how when ' +
  'who where play stream song music game win lose close one more round chat mods ban him f rip hype ' +
  'love it great good bad best worst ever first time here from brazil germany uk usa india hello hi ' +
  'hey everyone streamer can you please say hi to me today tonight tomorrow wait what happened did ' +
  'see that insane clean shot missed easy hard boss level 1 2 3 10 100 999 xd :) :( <3 😂 🔥 ❤️ 👀 😭 ' +
  'thanks for the sub gift bits donation follow back welcome new people raid incoming still alive ' +
  'sound is low mic too loud lag frame drops fix it chat is fast slow down'
).split(' ');

/** A deterministic PRNG (mulberry32), so every run sends the same text. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Builds the frames of one room: `messages` chat lines each, sequences chained frame to frame. */
export class ChatFrames {
  private readonly random = prng(7);
  private seq = 0;

  constructor(
    private readonly roomId: string,
    private readonly messages: number,
    private readonly viewers = 10_000,
  ) {}

  next(online: number): RoomFrame {
    const prevSeq = this.seq;
    const messages = Array.from({ length: this.messages }, () => this.message());
    return { roomId: this.roomId, fromSeq: prevSeq + 1, toSeq: this.seq, prevSeq, messages, shaped: { dropped: 0, likes: Math.floor(this.random() * 50) }, online };
  }

  private message(): ChatMessage {
    const seq = ++this.seq;
    const viewer = Math.floor(this.random() * this.viewers);
    const words = 2 + Math.floor(this.random() * 10);
    const text = Array.from({ length: words }, () => WORDS[Math.floor(this.random() * WORDS.length)]).join(' ');
    const clientMsgId = Math.floor(this.random() * 2 ** 40).toString(36);
    return { seq, roomId: this.roomId, kind: 'chat', text, clientMsgId, from: { id: `viewer-${viewer}`, name: `Viewer ${viewer}`, role: 'viewer', guest: false }, ts: 1_764_650_000_000 + seq * 45 };
  }
}
