-- Issues an upload ticket only while its owner stays within the per-user limits, exactly, however
-- many of the owner's requests race: each takes a transaction-scoped advisory lock on the owner
-- first, so the usage it counts includes every ticket committed by the requests before it. The
-- function is VOLATILE, so each statement in it takes a fresh snapshot after the lock is granted
-- (one plain INSERT ... SELECT could not: its snapshot predates the lock). Called as one statement,
-- it is one round trip; the lock ends with that statement's transaction.
CREATE FUNCTION "issue_upload_ticket"(
  p_id uuid,
  p_owner_id uuid,
  p_purpose "UploadPurpose",
  p_post_id uuid,
  p_key text,
  p_filename text,
  p_content_type text,
  p_byte_size bigint,
  p_method "UploadMethod",
  p_upload_id text,
  p_part_size bigint,
  p_part_count integer,
  p_checksum_sha256 text,
  p_content_md5 text,
  p_expires_at timestamptz,
  p_max_pending integer,
  p_max_bytes_per_day bigint,
  p_pending_window interval,
  p_now timestamptz
) RETURNS TABLE (pending integer, bytes bigint, inserted boolean)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  -- Two-key form, first key 'UPLD': its own key space, apart from the migration lock's.
  PERFORM pg_advisory_xact_lock(1431325764, hashtext(p_owner_id::text));
  -- A single-request ticket counts as pending for p_pending_window after it was issued: an upload
  -- that failed without the client giving it up must not hold its place until it expires.
  SELECT COUNT(*) FILTER (
           WHERE t.status = 'PENDING' AND t."expiresAt" > p_now
             AND (t.method = 'MULTIPART' OR t."createdAt" > p_now - p_pending_window))::integer,
         COALESCE(SUM(t."byteSize") FILTER (WHERE t."createdAt" > p_now - interval '24 hours'), 0)::bigint
    INTO pending, bytes
    FROM "UploadTicket" t
   WHERE t."ownerId" = p_owner_id AND (t."createdAt" > p_now - interval '24 hours' OR t.status = 'PENDING');
  inserted := pending < p_max_pending AND bytes + p_byte_size <= p_max_bytes_per_day;
  IF inserted THEN
    INSERT INTO "UploadTicket" (
      "id", "ownerId", "purpose", "postId", "key", "filename", "contentType", "byteSize", "method",
      "uploadId", "partSize", "partCount", "checksumSha256", "contentMd5", "expiresAt")
    VALUES (
      p_id, p_owner_id, p_purpose, p_post_id, p_key, p_filename, p_content_type, p_byte_size, p_method,
      p_upload_id, p_part_size, p_part_count, p_checksum_sha256, p_content_md5, p_expires_at);
  END IF;
  RETURN NEXT;
END
$$;
