// An app uploading a file with the project's client, in a process of its own so that the benchmark
// can kill it mid-upload (a crash: nothing is aborted or cleaned up) and start another to resume.
// Answers over IPC: `start` (begins the upload, resolves at once) and `status`.
import type { ResumableUpload } from '../../../src/client/index.ts';
import { serveBenchProcess } from '../harness/processes.ts';
import type { TestFile } from '../uploads/test-files.ts';
import { executorFor, expectLinked, uploadVideo } from '../uploads/ticket-client.ts';

export interface ClientUploadRequest {
  graphqlUrl: string;
  token: string;
  file: TestFile;
  postId: string;
  resume?: ResumableUpload;
}

export interface ClientUploadStatus {
  ticket?: ResumableUpload;
  /** Bytes of the file in storage so far (the client counts a part once S3 has taken it). */
  loaded: number;
  linked?: { id: string; key: string };
  error?: string;
}

const status: ClientUploadStatus = { loaded: 0 };

function start(payload: unknown): null {
  const request = payload as ClientUploadRequest;
  if (request.resume) status.ticket = request.resume;
  uploadVideo(executorFor(request.graphqlUrl, request.token), request.file, request.postId, {
    onTicket: (ticket) => (status.ticket = ticket),
    onProgress: (loaded) => (status.loaded = loaded),
    ...(request.resume ? { resume: request.resume } : {}),
  }).then(
    (result) => {
      try {
        status.linked = expectLinked(result, request.file);
      } catch (error) {
        status.error = String(error);
      }
    },
    (error: unknown) => (status.error = String(error)),
  );
  return null;
}

serveBenchProcess({}, { start, status: () => status }, () => Promise.resolve());
