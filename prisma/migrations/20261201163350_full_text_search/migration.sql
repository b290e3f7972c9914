-- Full-text search of the mail cache (lib/mail/search-cache.ts, lib/mail/search-fts.ts).
--
-- "searchVector" holds the words of a message, each field under its own weight so one GIN index serves
-- both free words and from:/to:/subject: — A subject, B sender (name and address), C recipients (To and
-- Cc), D the body as text (the preview while no body is cached). Prisma cannot express tsvector, so the
-- schema declares it Unsupported("tsvector") with a GIN index, and the functions and trigger below (which
-- Prisma's diff ignores) keep it filled.
--
-- The 'simple' configuration: no stemming and no stop words, so any language is searched as written,
-- lower-cased (a search for "the" or "budgets" finds exactly that; a prefix search finds the rest).
-- Punctuation and symbols are turned into spaces first, the same characters the search query is split on
-- (SEPARATOR_RANGES in lib/mail/search-fts.ts; a test checks the two agree), so "meganb@contoso.com",
-- "Q3-budget" or "“quoted”" are the same words in a mail and in a query, whatever the server's locale.

-- AlterTable
ALTER TABLE "MailMessage" ADD COLUMN     "searchVector" tsvector;

CREATE OR REPLACE FUNCTION mail_search_words(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(coalesce(input, ''), '[\u0001-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00bf\u00d7\u00f7\u2000-\u206f\u20a0-\u20cf\u2190-\u2bff\u3000-\u303f\ufe10-\ufe1f\ufe30-\ufe4f\ufeff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\ufff0-\uffff\U0001f000-\U0001faff]+', ' ', 'g')
$$;

-- A body as text for searching: Graph's raw HTML (untrusted, never rendered here) loses comments (Outlook's
-- conditional blocks), style and script blocks, tags and character references. Bounded: the first 500,000
-- characters are read and 100,000 kept, so a huge mail costs a bounded time and stays well within
-- tsvector's 1 MB.
CREATE OR REPLACE FUNCTION mail_body_text(body_type text, body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN body IS NULL THEN ''
    WHEN body_type = 'text' THEN left(body, 100000)
    ELSE left(
      regexp_replace(
        regexp_replace(
          regexp_replace(
            regexp_replace(
              regexp_replace(left(body, 500000), '<!--.*?-->', ' ', 'g'),
              '<style[\s>].*?</style\s*>', ' ', 'gi'),
            '<script[\s>].*?</script\s*>', ' ', 'gi'),
          '<[a-z/!?][^>]*>', ' ', 'gi'),
        '&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});', ' ', 'gi'),
      100000)
  END
$$;

-- Recipients are stored as JSON ([{"name": …, "address": …}]): its text without the key names.
CREATE OR REPLACE FUNCTION mail_recipients_text(list jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(coalesce(list::text, ''), '"(name|address)":', ' ', 'g')
$$;

CREATE OR REPLACE FUNCTION mail_search_vector(
  subject text, from_name text, from_address text, to_list jsonb, cc_list jsonb, preview text,
  body_type text, body text
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('simple'::regconfig, mail_search_words(subject)), 'A')
    || setweight(to_tsvector('simple'::regconfig, mail_search_words(concat_ws(' ', from_name, from_address))), 'B')
    || setweight(to_tsvector('simple'::regconfig, mail_search_words(
         concat_ws(' ', mail_recipients_text(to_list), mail_recipients_text(cc_list)))), 'C')
    -- The preview is the start of the body: the body replaces it once cached.
    || setweight(to_tsvector('simple'::regconfig, mail_search_words(
         CASE WHEN body IS NULL THEN preview ELSE mail_body_text(body_type, body) END)), 'D')
$$;

-- Recomputed only when a searched field changes: marking read, flagging or moving a message (the upserts
-- of every sync round) leaves the vector alone.
CREATE OR REPLACE FUNCTION mail_message_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
    OR NEW."subject" IS DISTINCT FROM OLD."subject"
    OR NEW."fromName" IS DISTINCT FROM OLD."fromName"
    OR NEW."fromAddress" IS DISTINCT FROM OLD."fromAddress"
    OR NEW."toRecipients" IS DISTINCT FROM OLD."toRecipients"
    OR NEW."ccRecipients" IS DISTINCT FROM OLD."ccRecipients"
    OR NEW."preview" IS DISTINCT FROM OLD."preview"
    OR NEW."bodyType" IS DISTINCT FROM OLD."bodyType"
    OR NEW."bodyContent" IS DISTINCT FROM OLD."bodyContent"
  THEN
    NEW."searchVector" := mail_search_vector(
      NEW."subject", NEW."fromName", NEW."fromAddress", NEW."toRecipients", NEW."ccRecipients",
      NEW."preview", NEW."bodyType", NEW."bodyContent");
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS "MailMessage_searchVector" ON "MailMessage";
CREATE TRIGGER "MailMessage_searchVector"
  BEFORE INSERT OR UPDATE ON "MailMessage"
  FOR EACH ROW EXECUTE FUNCTION mail_message_search_vector_update();

-- The messages cached already.
UPDATE "MailMessage" SET "searchVector" = mail_search_vector(
  "subject", "fromName", "fromAddress", "toRecipients", "ccRecipients", "preview", "bodyType", "bodyContent");

-- CreateIndex
CREATE INDEX "MailMessage_searchVector_idx" ON "MailMessage" USING GIN ("searchVector");
