import type { UploadPurpose } from './purposes.ts';

import type { TicketRejectionReason } from '../generated/prisma/enums.ts';

/** Why a ticket was rejected for good: stored with it (a database enum), and answered again. */
export type StoredRejectionReason = TicketRejectionReason;

/** One meaning per reason: each names the one rule that refused. */
export type RejectionReason =
  | StoredRejectionReason
  | 'CONTENT_TYPE_NOT_ALLOWED'
  | 'TOO_LARGE'
  | 'EMPTY_FILE'
  | 'INVALID_FILENAME'
  | 'PENDING_LIMIT_REACHED'
  | 'DAILY_BYTES_EXCEEDED'
  | 'NOT_FOUND'
  | 'ALREADY_SETTLED'
  | 'NOT_UPLOADED';

/** An expected refusal: returned to the client as data, never thrown. */
export interface Rejection {
  kind: 'rejected';
  reason: RejectionReason;
  message: string;
}

export function reject(reason: RejectionReason, message: string): Rejection {
  return { kind: 'rejected', reason, message };
}

export interface IssuedTicket {
  kind: 'ticket';
  id: string;
  url: string;
  fields: { name: string; value: string }[];
  key: string;
  expiresAt: Date;
  byteSize: number;
}

/** Permission to PUT one file: the URL and the headers that are part of its signature. */
export interface IssuedPutTicket {
  kind: 'put-ticket';
  id: string;
  url: string;
  headers: { name: string; value: string }[];
  key: string;
  expiresAt: Date;
  byteSize: number;
}

/** Permission to upload in parts: sign them with signUploadParts, then confirm. */
export interface IssuedMultipartTicket {
  kind: 'multipart-ticket';
  id: string;
  key: string;
  partSize: number;
  partCount: number;
  byteSize: number;
  expiresAt: Date;
}

export interface SignedPart {
  partNumber: number;
  url: string;
  byteSize: number;
  headers: { name: string; value: string }[];
  expiresAt: Date;
}

export interface SignedParts {
  kind: 'signed-parts';
  ticketId: string;
  parts: SignedPart[];
}

export interface StoredParts {
  kind: 'stored-parts';
  ticketId: string;
  parts: { partNumber: number; byteSize: number; etag: string }[];
}

export interface Aborted {
  kind: 'aborted';
  ticketId: string;
}

export interface FileRecord {
  id: string;
  ownerId: string;
  key: string;
  filename: string;
  contentType: string;
  byteSize: number;
  createdAt: Date;
  checksumSha256: string | null;
  contentMd5: string | null;
}

export interface Confirmed {
  kind: 'confirmed';
  file: FileRecord;
  /** The post the file is attached to; null for an avatar (its parent is the owner). */
  postId: string | null;
}

/** Where an upload stands (see status/upload-status.ts). */
export interface UploadStatusRecord {
  kind: 'upload-status';
  id: string;
  state: 'PENDING' | 'UPLOADED' | 'CONFIRMED' | 'REJECTED' | 'EXPIRED';
  purpose: UploadPurpose;
  filename: string;
  byteSize: number;
  expiresAt: Date;
  rejection: Rejection | null;
  file: FileRecord | null;
}

export interface RequestUploadInput {
  purpose: UploadPurpose;
  filename: string;
  contentType: string;
  byteSize: number;
  postId?: string | null | undefined;
  method?: 'POST' | 'PUT' | null | undefined;
  checksumSha256?: string | null | undefined;
  contentMd5?: string | null | undefined;
}

export type RequestUploadResult = IssuedTicket | IssuedPutTicket | IssuedMultipartTicket | Rejection;
export type ConfirmUploadResult = Confirmed | Rejection;

/** Every kind of record the upload resolvers return in a union. */
export type ResultKind = (
  RequestUploadResult | ConfirmUploadResult | SignedParts | StoredParts | Aborted | UploadStatusRecord
)['kind'];
