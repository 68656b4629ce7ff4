import type { UploadService } from '../uploads/upload-service.ts';
import type { RequestUploadResult } from '../uploads/upload-model.ts';
import type { Metrics } from './metrics.ts';

const TICKET_KINDS = { ticket: 'post', 'put-ticket': 'put', 'multipart-ticket': 'multipart' } as const;

/** The upload service, counting tickets issued, uploads confirmed and refusals by reason. */
export function withUploadMetrics(uploads: UploadService, metrics: Metrics): UploadService {
  return {
    ...uploads,
    async requestUpload(viewer, input, clientAddress) {
      const result: RequestUploadResult = await uploads.requestUpload(viewer, input, clientAddress);
      if (result.kind === 'rejected') metrics.uploadsRejected.inc({ stage: 'request', reason: result.reason });
      else metrics.ticketsIssued.inc({ purpose: input.purpose, kind: TICKET_KINDS[result.kind] });
      return result;
    },
    async confirmUpload(viewer, ticketId) {
      const result = await uploads.confirmUpload(viewer, ticketId);
      if (result.kind === 'rejected') metrics.uploadsRejected.inc({ stage: 'confirm', reason: result.reason });
      else metrics.uploadsConfirmed.inc();
      return result;
    },
  };
}
