import { Kind, type TObject, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { PrincipalSchema } from '../ids';
import { ChatMessageSchema } from '../message';
import { MessageSendRequestSchema } from './message-send';
import { RoomControlSchema } from './room-control';
import { RoomFrameSchema, ShapedCountersSchema } from './room-frame';
import { RoomJoinRequestSchema } from './room-join';
import { RoomLeaveRequestSchema } from './room-leave';
import { SessionClosingSchema } from './session-closing';
import { SessionRefreshRequestSchema } from './session-refresh';

/**
 * The client protocol's payload types, written out from their schemas: what the SDK's
 * declarations show (no TypeBox types) and what the whole repository uses.
 */
export const WIRE_TYPES: Readonly<Record<string, TObject>> = {
  Principal: PrincipalSchema,
  ChatMessage: ChatMessageSchema,
  ShapedCounters: ShapedCountersSchema,
  RoomFrame: RoomFrameSchema,
  RoomControl: RoomControlSchema,
  SessionClosing: SessionClosingSchema,
  RoomJoinRequest: RoomJoinRequestSchema,
  RoomLeaveRequest: RoomLeaveRequestSchema,
  MessageSendRequest: MessageSendRequestSchema,
  SessionRefreshRequest: SessionRefreshRequestSchema,
};

/** The requests the SDK checks before sending, by the name of their generated field checks. */
export const WIRE_CHECKS: Readonly<Record<string, TObject>> = {
  roomJoinRequestFields: RoomJoinRequestSchema,
  messageSendRequestFields: MessageSendRequestSchema,
};

const HEADER = `// Generated from the TypeBox schemas by libs/contracts/src/client/wire-codegen.ts
// (npm run contracts:generate); wire-codegen.spec.ts fails when it is stale. Do not edit.
// The checks are TypeBox's own compiled code, emitted ahead of time so that the SDK
// validates without eval (a page with CSP script-src 'self' can load it).
/* eslint-disable @typescript-eslint/no-explicit-any -- TypeCompiler.Code output */
import type { FieldCheck } from './field-checks';
`;

function nameOf(schema: TSchema): string | undefined {
  return Object.keys(WIRE_TYPES).find((name) => WIRE_TYPES[name] === schema);
}

function typeText(schema: TSchema, indent: string, top = false): string {
  const named = top ? undefined : nameOf(schema);
  if (named) return named;
  switch (schema[Kind]) {
    case 'Object':
      return objectText(schema as TObject, indent);
    case 'String':
      return 'string';
    case 'Integer':
    case 'Number':
      return 'number';
    case 'Boolean':
      return 'boolean';
    case 'Literal':
      return JSON.stringify(schema['const']);
    case 'Union':
      return (schema['anyOf'] as TSchema[]).map((member) => typeText(member, indent)).join(' | ');
    case 'Array': {
      const items = typeText(schema['items'] as TSchema, indent);
      return items.includes(' ') ? `Array<${items}>` : `${items}[]`;
    }
    default:
      throw new Error(`wire-codegen: no TypeScript for schema kind ${String(schema[Kind])}`);
  }
}

function objectText(schema: TObject, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties).map(([key, property]) => {
    const doc = typeof property.description === 'string' ? `${inner}/** ${property.description} */\n` : '';
    return `${doc}${inner}${key}${required.has(key) ? '' : '?'}: ${typeText(property, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** What a valid value looks like, in words, for the SDK's error messages. */
function expectedText(schema: TSchema): string {
  // A pattern is explained best by the schema's own words.
  if (schema['pattern'] !== undefined && typeof schema.description === 'string') return schema.description;
  if (schema[Kind] === 'Union') return `one of ${(schema['anyOf'] as TSchema[]).map((member) => String(member['const'])).join(', ')}`;
  const bounds = [
    schema['maxLength'] !== undefined ? `at most ${schema['maxLength']} characters` : '',
    schema['minimum'] !== undefined ? `≥ ${schema['minimum']}` : '',
  ].filter(Boolean);
  return [schema[Kind] === 'Integer' ? 'an integer' : `a ${typeText(schema, '')}`, ...bounds].join(', ');
}

/** The compiled checks, each emitted once and shared by every field with the same schema (room ids, above all). */
class CheckTable {
  private readonly names = new Map<string, string>();
  private readonly declarations: string[] = [];

  nameFor(key: string, property: TSchema): string {
    const code = TypeCompiler.Code(property, [], { language: 'typescript' });
    let name = this.names.get(code);
    if (name === undefined) {
      const taken = new Set(this.names.values());
      name = `${key}Check`;
      for (let n = 2; taken.has(name); n++) name = `${key}Check${n}`;
      this.names.set(code, name);
      this.declarations.push(`const ${name} = (() => {\n  ${code.replace(/\n/g, '\n  ')}\n})();\n`);
    }
    return name;
  }

  text(): string[] {
    return this.declarations;
  }
}

function checkText(schema: TObject, table: CheckTable): string {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties).map(
    ([key, property]) => `  ${key}: { required: ${required.has(key)}, expected: ${JSON.stringify(expectedText(property))}, check: ${table.nameFor(key, property)} },`,
  );
  return `{\n${fields.join('\n')}\n}`;
}

/** The text of `wire.generated.ts`. */
export function generateWireModule(): string {
  const types = Object.entries(WIRE_TYPES).map(([name, schema]) => {
    const doc = typeof schema.description === 'string' ? `/** ${schema.description} */\n` : '';
    return `${doc}export type ${name} = ${typeText(schema, '', true)};\n`;
  });
  const table = new CheckTable();
  const checks = Object.entries(WIRE_CHECKS).map(([name, schema]) => `export const ${name}: Readonly<Record<string, FieldCheck>> = ${checkText(schema, table)};\n`);
  return [HEADER, ...types, ...table.text(), ...checks].join('\n');
}
