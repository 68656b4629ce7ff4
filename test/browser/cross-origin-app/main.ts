// A frontend on another origin than the API, as real apps are built: Apollo Client 4 with client
// awareness and a W3C traceparent header on every request, an InMemoryCache watched for the
// viewer, and the upload client on top. Bundled by cross-origin.browser.ts, driven through
// `window.app`.
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { apolloExecutor } from '../../../src/client/apollo.ts';
import { createUploadClient, ViewerDocument, type ViewerQuery } from '../../../src/client/index.ts';

const params = new URLSearchParams(location.search);
const client = new ApolloClient({
  link: new HttpLink({
    uri: params.get('api') ?? '',
    headers: {
      authorization: `Bearer ${params.get('token') ?? ''}`,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  }),
  cache: new InMemoryCache(),
  clientAwareness: { name: 'cross-origin-app', version: '1.2.3' },
});
const uploads = createUploadClient(apolloExecutor(client));

/** Every complete result of the watched viewer query, in order. */
const viewers: ViewerQuery['viewer'][] = [];
const errors: string[] = [];

const app = {
  viewers,
  errors,
  watchViewer(): void {
    client.watchQuery({ query: ViewerDocument }).subscribe({
      next: (result) => {
        if (result.dataState === 'complete') viewers.push(result.data.viewer);
      },
      error: (error: unknown) => errors.push(String(error)),
    });
  },
  async uploadAvatar(bytes: number[]): Promise<string> {
    const result = await uploads.uploadFile(new File([new Uint8Array(bytes)], 'me.png', { type: 'image/png' }), {
      purpose: 'AVATAR',
    });
    if (!result.ok) throw new Error(result.reason);
    return result.file.id;
  },
  /** A plain fetch to the API with one extra header: resolves with the status or the error's text. */
  async post(header: string): Promise<string> {
    try {
      const response = await fetch(params.get('api') ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [header]: '1' },
        body: JSON.stringify({ query: '{ viewer { id } }' }),
      });
      return String(response.status);
    } catch (error) {
      return String(error);
    }
  },
};

declare global {
  interface Window {
    app: typeof app;
  }
}
window.app = app;
