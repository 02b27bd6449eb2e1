-- A version of the known-bug catalogue that every change to known_bugs bumps, in the changing
-- transaction. Ingestion matches with a cached copy of the catalogue and checks, inside its own
-- transaction, that the version it matched against is still current, and a re-match waits for uploads
-- in flight (advisory lock) once the new version is committed. Together: no upload keeps a match
-- made with a catalogue that a re-match has already replaced.
INSERT INTO "app_state" ("key", "value", "updated_at") VALUES ('catalogue_version', '1', now())
  ON CONFLICT ("key") DO NOTHING;

CREATE FUNCTION "bump_catalogue_version"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "app_state" ("key", "value", "updated_at") VALUES (\'catalogue_version\', \'1\', now())
    ON CONFLICT ("key") DO UPDATE SET "value" = ("app_state"."value"::bigint + 1)::text, "updated_at" = now()\073
  RETURN NULL\073
END
';

CREATE TRIGGER "known_bugs_bump_catalogue_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "known_bugs"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_version"();
