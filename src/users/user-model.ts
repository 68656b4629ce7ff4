export interface UserRecord {
  id: string;
  name: string;
  avatarId: string | null;
}
