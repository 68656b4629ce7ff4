-- Commits a verified upload in one statement (one round trip, its own transaction): locks the
-- ticket, then its parent (the owner's row for an avatar, the post for an attachment), records
-- the File at the promoted copy's key, marks the ticket CONFIRMED and links the file; the promotion
-- attempt's record is removed in the same transaction, since from then on the File owns the copy.
-- PL/pgSQL and VOLATILE, like issue_upload_ticket: each statement takes a fresh snapshot once the
-- locks before it are granted, so the attachment count and next position include every confirm
-- that committed while this one waited (one statement with CTEs would count from a snapshot
-- taken before the wait).
--
-- outcome: 'confirmed'; 'settled' (the ticket is no longer PENDING: read its answer); 'gone' (no
-- such ticket); 'copy-swept' (no attempt record: the sweeper took the copy for a crashed one;
-- nothing was changed); or a rejection reason ('TARGET_NOT_FOUND', 'ATTACHMENT_LIMIT_REACHED'),
-- with which the ticket was REJECTED.
CREATE FUNCTION "confirm_upload"(
  p_ticket_id uuid,
  p_file_id uuid,
  p_key text,
  p_etag text,
  p_max_attachments integer,
  p_now timestamptz
) RETURNS TABLE (outcome text, created_at timestamptz, replaced_id uuid, replaced_key text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  t "UploadTicket"%ROWTYPE;
  v_previous uuid;
  v_count integer;
  v_next integer;
BEGIN
  SELECT * INTO t FROM "UploadTicket" WHERE id = p_ticket_id FOR UPDATE;
  IF NOT FOUND THEN
    outcome := 'gone';
    RETURN NEXT;
    RETURN;
  END IF;
  IF t.status <> 'PENDING' THEN
    outcome := 'settled';
    RETURN NEXT;
    RETURN;
  END IF;

  IF t.purpose = 'AVATAR' THEN
    -- Before the File insert: its foreign-key check share-locks the user row, and taking the update
    -- lock after it deadlocks two avatar confirms of one user.
    SELECT u."avatarId" INTO v_previous FROM "User" u WHERE u.id = t."ownerId" FOR UPDATE;
  ELSE
    PERFORM 1 FROM "Post" p WHERE p.id = t."postId" FOR UPDATE;
    IF t."postId" IS NULL OR NOT FOUND THEN
      outcome := 'TARGET_NOT_FOUND';
    ELSE
      SELECT COUNT(*)::integer, COALESCE(MAX(a.position) + 1, 0)::integer INTO v_count, v_next
        FROM "PostAttachment" a WHERE a."postId" = t."postId";
      IF v_count >= p_max_attachments THEN
        outcome := 'ATTACHMENT_LIMIT_REACHED';
      END IF;
    END IF;
    IF outcome IS NOT NULL THEN
      UPDATE "UploadTicket" SET status = 'REJECTED', "rejectionReason" = outcome::"TicketRejectionReason",
        "settledAt" = p_now
      WHERE id = p_ticket_id;
      RETURN NEXT;
      RETURN;
    END IF;
  END IF;

  DELETE FROM "PromotionAttempt" WHERE key = p_key;
  IF NOT FOUND THEN
    outcome := 'copy-swept';
    RETURN NEXT;
    RETURN;
  END IF;

  INSERT INTO "File" (id, "ticketId", "ownerId", key, filename, "contentType", "byteSize", etag,
    "checksumSha256", "contentMd5", "createdAt")
  VALUES (p_file_id, t.id, t."ownerId", p_key, t.filename, t."contentType", t."byteSize", p_etag,
    t."checksumSha256", t."contentMd5", p_now);
  UPDATE "UploadTicket" SET status = 'CONFIRMED', "settledAt" = p_now WHERE id = p_ticket_id;

  IF t.purpose = 'AVATAR' THEN
    UPDATE "User" SET "avatarId" = p_file_id WHERE id = t."ownerId";
    IF v_previous IS NOT NULL THEN
      UPDATE "File" f SET "detachedAt" = p_now WHERE f.id = v_previous RETURNING f.id, f.key
        INTO replaced_id, replaced_key;
    END IF;
  ELSE
    INSERT INTO "PostAttachment" ("postId", "fileId", position) VALUES (t."postId", p_file_id, v_next);
  END IF;
  outcome := 'confirmed';
  created_at := p_now;
  RETURN NEXT;
END
$$;
