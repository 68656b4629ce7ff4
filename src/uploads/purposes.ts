import type { KnownContentType } from './content-types.ts';

export type UploadPurpose = 'AVATAR' | 'POST_ATTACHMENT' | 'VIDEO';

export interface PurposeRule {
  contentTypes: readonly KnownContentType[];
  maxBytes: number;
  /** What the confirmed file is linked to. */
  target: 'viewer-avatar' | 'post';
  /** First segment of storage keys, so lifecycle rules and IAM policies can tell purposes apart. */
  keyPrefix: string;
}

const MiB = 1024 * 1024;
const TiB = 1024 * 1024 * MiB;
const IMAGES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

/** The one place that says what each purpose accepts. */
export const PURPOSES: Readonly<Record<UploadPurpose, PurposeRule>> = {
  AVATAR: { contentTypes: IMAGES, maxBytes: 5 * MiB, target: 'viewer-avatar', keyPrefix: 'avatar' },
  POST_ATTACHMENT: {
    contentTypes: [...IMAGES, 'application/pdf', 'text/plain'],
    maxBytes: 50 * MiB,
    target: 'post',
    keyPrefix: 'post_attachment',
  },
  VIDEO: {
    contentTypes: ['video/mp4', 'video/webm', 'video/quicktime'],
    maxBytes: 5 * TiB, // S3's largest object
    target: 'post',
    keyPrefix: 'video',
  },
};

export const MAX_ATTACHMENTS_PER_POST = 20;
