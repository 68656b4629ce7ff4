/* eslint-disable */
import * as types from './graphql.ts';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment UploadedFile on File {\n  id\n  key\n  filename\n  contentType\n  byteSize\n  url\n  createdAt\n}\n\nmutation RequestUpload($input: RequestUploadInput!) {\n  requestUpload(input: $input) {\n    __typename\n    ... on UploadTicket {\n      id\n      url\n      fields {\n        name\n        value\n      }\n      expiresAt\n      byteSize\n    }\n    ... on UploadRejected {\n      reason\n      message\n    }\n  }\n}\n\nmutation ConfirmUpload($ticketId: ID!) {\n  confirmUpload(input: {ticketId: $ticketId}) {\n    __typename\n    ... on ConfirmedUpload {\n      file {\n        ...UploadedFile\n      }\n    }\n    ... on UploadRejected {\n      reason\n      message\n    }\n  }\n}\n\nquery Viewer {\n  viewer {\n    id\n    name\n    avatar {\n      ...UploadedFile\n    }\n  }\n}\n\nquery Posts($first: Int, $after: String) {\n  posts(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        title\n        createdAt\n        author {\n          id\n          name\n        }\n        attachments {\n          ...UploadedFile\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation CreatePost($title: String!) {\n  createPost(input: {title: $title}) {\n    id\n    title\n    createdAt\n    author {\n      id\n      name\n    }\n  }\n}": typeof types.UploadedFileFragmentDoc,
};
const documents: Documents = {
    "fragment UploadedFile on File {\n  id\n  key\n  filename\n  contentType\n  byteSize\n  url\n  createdAt\n}\n\nmutation RequestUpload($input: RequestUploadInput!) {\n  requestUpload(input: $input) {\n    __typename\n    ... on UploadTicket {\n      id\n      url\n      fields {\n        name\n        value\n      }\n      expiresAt\n      byteSize\n    }\n    ... on UploadRejected {\n      reason\n      message\n    }\n  }\n}\n\nmutation ConfirmUpload($ticketId: ID!) {\n  confirmUpload(input: {ticketId: $ticketId}) {\n    __typename\n    ... on ConfirmedUpload {\n      file {\n        ...UploadedFile\n      }\n    }\n    ... on UploadRejected {\n      reason\n      message\n    }\n  }\n}\n\nquery Viewer {\n  viewer {\n    id\n    name\n    avatar {\n      ...UploadedFile\n    }\n  }\n}\n\nquery Posts($first: Int, $after: String) {\n  posts(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        title\n        createdAt\n        author {\n          id\n          name\n        }\n        attachments {\n          ...UploadedFile\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation CreatePost($title: String!) {\n  createPost(input: {title: $title}) {\n    id\n    title\n    createdAt\n    author {\n      id\n      name\n    }\n  }\n}": types.UploadedFileFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment UploadedFile on File {\n  id\n  key\n  filename\n  contentType\n  byteSize\n  url\n  createdAt\n}\n\nmutation RequestUpload($input: RequestUploadInput!) {\n  requestUpload(input: $input) {\n    __typename\n    ... on UploadTicket {\n      id\n      url\n      fields {\n        name\n        value\n      }\n      expiresAt\n      byteSize\n    }\n    ... on UploadRejected {\n      reason\n      message\n    }\n  }\n}\n\nmutation ConfirmUpload($ticketId: ID!) {\n  confirmUpload(input: {ticketId: $ticketId}) {\n    __typename\n    ... on ConfirmedUpload {\n      file {\n        ...UploadedFile\n      }\n    }\n    ... on UploadRejected {\n      reason\n      message\n    }\n  }\n}\n\nquery Viewer {\n  viewer {\n    id\n    name\n    avatar {\n      ...UploadedFile\n    }\n  }\n}\n\nquery Posts($first: Int, $after: String) {\n  posts(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        title\n        createdAt\n        author {\n          id\n          name\n        }\n        attachments {\n          ...UploadedFile\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation CreatePost($title: String!) {\n  createPost(input: {title: $title}) {\n    id\n    title\n    createdAt\n    author {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["fragment UploadedFile on File {\n  id\n  key\n  filename\n  contentType\n  byteSize\n  url\n  createdAt\n}\n\nmutation RequestUpload($input: RequestUploadInput!) {\n  requestUpload(input: $input) {\n    __typename\n    ... on UploadTicket {\n      id\n      url\n      fields {\n        name\n        value\n      }\n      expiresAt\n      byteSize\n    }\n    ... on UploadRejected {\n      reason\n      message\n    }\n  }\n}\n\nmutation ConfirmUpload($ticketId: ID!) {\n  confirmUpload(input: {ticketId: $ticketId}) {\n    __typename\n    ... on ConfirmedUpload {\n      file {\n        ...UploadedFile\n      }\n    }\n    ... on UploadRejected {\n      reason\n      message\n    }\n  }\n}\n\nquery Viewer {\n  viewer {\n    id\n    name\n    avatar {\n      ...UploadedFile\n    }\n  }\n}\n\nquery Posts($first: Int, $after: String) {\n  posts(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        title\n        createdAt\n        author {\n          id\n          name\n        }\n        attachments {\n          ...UploadedFile\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation CreatePost($title: String!) {\n  createPost(input: {title: $title}) {\n    id\n    title\n    createdAt\n    author {\n      id\n      name\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;