export interface PostRecord {
  id: string;
  title: string;
  authorId: string;
  createdAt: Date;
}

export interface Page<T> {
  items: { cursor: string; node: T }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export type PostPage = Page<PostRecord>;
export type PostEdgeRecord = PostPage['items'][number];
