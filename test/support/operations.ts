/** The operations a frontend sends, shared by the tests. */
export const REQUEST_UPLOAD = /* GraphQL */ `
  mutation RequestUpload($input: RequestUploadInput!) {
    requestUpload(input: $input) {
      __typename
      ... on UploadTicket {
        id
        url
        fields {
          name
          value
        }
        key
        expiresAt
        byteSize
      }
      ... on UploadRejected {
        reason
        message
      }
    }
  }
`;

export const CONFIRM_UPLOAD = /* GraphQL */ `
  mutation ConfirmUpload($ticketId: ID!) {
    confirmUpload(input: { ticketId: $ticketId }) {
      __typename
      ... on ConfirmedUpload {
        file {
          id
          key
          filename
          contentType
          byteSize
          url
          createdAt
          owner {
            id
            name
          }
        }
      }
      ... on UploadRejected {
        reason
        message
      }
    }
  }
`;

export const CREATE_POST = /* GraphQL */ `
  mutation CreatePost($title: String!) {
    createPost(input: { title: $title }) {
      id
      title
      createdAt
      author {
        id
        name
      }
    }
  }
`;

export interface Ticket {
  __typename: 'UploadTicket';
  id: string;
  url: string;
  fields: { name: string; value: string }[];
  key: string;
  expiresAt: string;
  byteSize: number;
}

export interface Rejected {
  __typename: 'UploadRejected';
  reason: string;
  message: string;
}

export interface ConfirmedFile {
  id: string;
  key: string;
  filename: string;
  contentType: string;
  byteSize: number;
  url: string;
  createdAt: string;
  owner: { id: string; name: string };
}
