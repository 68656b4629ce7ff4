/** Who a verified token speaks for. */
export interface Identity {
  /** The token's `sub` claim: stable per user at the identity provider. */
  subject: string;
  /** The `name` claim, else the subject. */
  name: string;
}

/** The signed-in user as services see it. */
export interface Viewer {
  id: string;
  subject: string;
}
