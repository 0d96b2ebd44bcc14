// Team mode's server schema in the department's PostgreSQL: one table per replicated record type (typed columns for
// what row-level security and the change feed need, the record itself as jsonb), forced row-level security written
// against session_user, audit entries written by triggers and hash-chained under a lock, a change position on every
// row, tombstones for rows removed, and the SECURITY DEFINER functions that provision logins and change passwords.
// Versioned migrations under an advisory lock, run by the schema's owner (never by a person's console role).
import { grantedRoles, REPLICATED_TABLES, type ReplicatedTable } from '@domain/replication';
import { SCHEMA, type Migration, type MigrationSet } from './appraisalSchema';

/** The roles a DBA creates once (cluster-wide), named here so the SQL below and the README say the same. */
export const TEAM_ROLES = {
  /** NOLOGIN owner of the schema's tables and helper functions; the DBA's migration login is a member of it. */
  owner: 'qa_owner',
  /** NOLOGIN role with CREATEROLE that owns the provisioning functions. */
  provisioner: 'qa_provisioner',
  /** Every person's login is a member; it may connect and use the schema. */
  member: 'qa_member',
  groups: { admin: 'qa_admin', supervisor: 'qa_supervisor', lead: 'qa_lead', staff: 'qa_staff' },
} as const;

/**
 * What a DBA runs once as a superuser (README: "Run a team server"), for a database `db` and a migration login.
 * Tests run exactly this on their throwaway cluster.
 */
export function dbaSetupSql(db: string, migrationLogin: string, migrationPassword: string): string[] {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const g = TEAM_ROLES.groups;
  return [
    `CREATE ROLE ${TEAM_ROLES.owner} NOLOGIN`,
    `CREATE ROLE ${TEAM_ROLES.provisioner} NOLOGIN CREATEROLE`,
    `CREATE ROLE ${TEAM_ROLES.member} NOLOGIN`,
    ...Object.values(g).map((r) => `CREATE ROLE ${r} NOLOGIN`),
    `GRANT ${Object.values(g).join(', ')}, ${TEAM_ROLES.member} TO ${TEAM_ROLES.provisioner} WITH ADMIN OPTION`,
    `GRANT ${TEAM_ROLES.provisioner} TO ${TEAM_ROLES.owner}`,
    `CREATE ROLE ${migrationLogin} LOGIN PASSWORD ${q(migrationPassword)} IN ROLE ${TEAM_ROLES.owner}`,
    `CREATE DATABASE ${db} OWNER ${TEAM_ROLES.owner}`,
    `REVOKE ALL ON DATABASE ${db} FROM PUBLIC`,
    `GRANT CONNECT ON DATABASE ${db} TO ${TEAM_ROLES.member}, ${migrationLogin}`,
    // Then, connected to the new database:
    `\\c ${db}`,
    `CREATE SCHEMA ${SCHEMA} AUTHORIZATION ${TEAM_ROLES.owner}`,
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
  ];
}

const S = SCHEMA;
/** Evaluated once per query (an init plan), not once per row. */
const ALL = `(SELECT ${S}.sees_all())`;
const ME = `(SELECT ${S}.me())`;
const SCORER = `(SELECT ${S}.may_score())`;
// ANY over a scalar subquery would compare with its rows; the cast makes it one array, computed once.
const REACH = `owner_id = ANY (CAST((SELECT ${S}.reach()) AS text[]))`;
const MEMBER = `${ME} IS NOT NULL`;
const LED = `team_id = ANY (CAST((SELECT ${S}.led_teams()) AS text[]))`;
const OTHERS_IN_REACH = `(${REACH} AND owner_id <> ${ME})`;
// The outer row's column is named with its table: the parent table has a parent_id column of its own.
const parentVisible = (t: ReplicatedTable) => `EXISTS (SELECT 1 FROM ${S}.${serverOf(t.parent!.table)} p WHERE p.id = ${t.server}.parent_id)`;
const serverOf = (table: string) => REPLICATED_TABLES.find((t) => t.table === table)!.server;

/** Per kind: who reads (USING), who inserts (WITH CHECK), who updates (USING, and the new row WITH CHECK), who removes rows. */
interface KindRules {
  read: string;
  insert: string;
  update: string;
  /** Roles' groups granted DELETE (rows removed for good: a thread replaced, derived rows), or none. */
  remove?: string;
}

const OVERSEERS = [TEAM_ROLES.groups.admin, TEAM_ROLES.groups.supervisor] as const;

/**
 * What a table's read rule lets a person see besides everything (`gate`: what admins and supervisors read), in
 * terms of the typed columns the indexes cover; null where every member the table is granted to reads all of it.
 * The change feed's queries add it to their WHERE (row-level security still decides): the planner cannot use an
 * index through "sees all OR …", and without it a staff member's pull walks the whole table's change index.
 */
export interface ReadScope {
  /** The rows a person who does not oversee everything reads (the read rule's own part). */
  own: string;
  /** Who reads every row (null: nobody, the own part holds for everyone). */
  gate: string | null;
}

export function readScope(t: ReplicatedTable): ReadScope | null {
  const gated = (own: string): ReadScope => ({ own, gate: ALL });
  switch (t.kind) {
    case 'directory':
    case 'shared':
    case 'planning':
      return null;
    case 'imports':
      return gated('false');
    case 'person':
    case 'dispute':
    case 'assessment':
    case 'lockedRecord':
      return gated(REACH);
    case 'child':
    case 'actionEvent': {
      // The rows under parents the person reads (the rule says "its parent is visible"; the parent's own part names them).
      // Written as a semi-join so the planner may start from either side: the person's parents (a first pull) or the
      // few rows changed since the cursor (the pulls after it).
      const parent = REPLICATED_TABLES.find((p) => p.table === t.parent!.table)!;
      const parentScope = readScope(parent);
      return gated(`EXISTS (SELECT 1 FROM ${S}.${parent.server} WHERE ${parent.server}.id = ${t.server}.parent_id${parentScope ? ` AND (${parentScope.own})` : ''})`);
    }
    case 'evaluation':
    case 'action':
      return gated(`${REACH} OR reviewer_id = ${ME}`);
    case 'notification':
      return { own: `owner_id = ${ME}`, gate: null };
    case 'assignment':
      return gated(`reviewer_id = ${ME}`);
    case 'calibration':
      return gated(`${ME} = ANY (readers) OR reviewer_id = ${ME}`);
    case 'teamPeriod':
      return gated(LED);
  }
}

function rulesFor(t: ReplicatedTable): KindRules {
  switch (t.kind) {
    case 'directory':
      return { read: MEMBER, insert: `(SELECT ${S}.my_role()) = 'admin'`, update: `(SELECT ${S}.my_role()) = 'admin'` };
    case 'shared':
      return { read: MEMBER, insert: ALL, update: ALL };
    case 'planning':
      return { read: SCORER, insert: ALL, update: ALL };
    case 'imports':
      return { read: ALL, insert: ALL, update: ALL, remove: ALL };
    case 'person':
      return { read: `${ALL} OR ${REACH}`, insert: ALL, update: ALL };
    case 'child':
      return { read: `${ALL} OR ${parentVisible(t)}`, insert: ALL, update: ALL, remove: ALL };
    case 'evaluation': {
      const calibration = `(record->>'calibrationSessionId' IS NOT NULL AND EXISTS (SELECT 1 FROM ${S}.calibration_sessions c WHERE c.id = evaluations.record->>'calibrationSessionId'))`;
      return {
        read: `${ALL} OR ${REACH} OR reviewer_id = ${ME}`,
        insert: `${SCORER} AND reviewer_id = ${ME} AND (${ALL} OR ${OTHERS_IN_REACH} OR ${calibration})`,
        // The person evaluated may only acknowledge (the row trigger refuses every other field); a lead revises their team's.
        update: `${ALL} OR reviewer_id = ${ME} OR ${REACH}`,
      };
    }
    case 'dispute':
      return {
        read: `${ALL} OR ${REACH}`,
        insert: `(owner_id = ${ME} AND record->>'status' = 'open' AND EXISTS (SELECT 1 FROM ${S}.evaluations e WHERE e.id = disputes.parent_id AND e.owner_id = ${ME})) OR (${SCORER} AND (${ALL} OR ${OTHERS_IN_REACH}))`,
        update: `${SCORER} AND (${ALL} OR ${OTHERS_IN_REACH})`,
      };
    case 'action':
      return {
        read: `${ALL} OR ${REACH} OR reviewer_id = ${ME}`,
        insert: `${SCORER} AND (${ALL} OR ${OTHERS_IN_REACH})`,
        update: `${ALL} OR ${REACH} OR reviewer_id = ${ME}`,
      };
    case 'actionEvent':
      return { read: `${ALL} OR ${parentVisible(t)}`, insert: `${parentVisible(t)} AND (${ALL} OR record->>'actorId' = ${ME})`, update: ALL };
    case 'notification':
      return { read: `owner_id = ${ME}`, insert: `owner_id = ${ME} OR ${SCORER}`, update: `owner_id = ${ME}` };
    case 'assignment':
      return {
        read: `${ALL} OR reviewer_id = ${ME}`,
        insert: `${ALL} OR (${SCORER} AND ${OTHERS_IN_REACH})`,
        update: `${ALL} OR reviewer_id = ${ME} OR (${SCORER} AND ${OTHERS_IN_REACH})`,
      };
    case 'calibration':
      return { read: `${ALL} OR ${ME} = ANY (readers) OR reviewer_id = ${ME}`, insert: ALL, update: ALL };
    case 'teamPeriod':
      return { read: `${ALL} OR ${LED}`, insert: `${ALL} OR ${LED}`, update: `${ALL} OR ${LED}` };
    case 'assessment': {
      const self = `(owner_id = ${ME} AND record->>'kind' = 'self')`;
      const lead = `(${SCORER} AND ${OTHERS_IN_REACH} AND record->>'kind' = 'supervisor')`;
      return { read: `${ALL} OR ${REACH}`, insert: `${ALL} OR ${self} OR ${lead}`, update: `${ALL} OR ${self} OR ${lead}` };
    }
    case 'lockedRecord':
      return { read: `${ALL} OR ${REACH}`, insert: ALL, update: ALL };
  }
}

const lit = (s: string | undefined) => `'${(s ?? '').replace(/'/g, "''")}'`;

function tableSql(t: ReplicatedTable): string {
  const n = `${S}.${t.server}`;
  const r = rulesFor(t);
  const granted = grantedRoles(t);
  const groups = granted.length === 4 ? TEAM_ROLES.member : granted.map((role) => TEAM_ROLES.groups[role]).join(', ');
  const args = [t.owner, t.team, t.parent?.field, t.reviewer, t.readers, (t.staffMayChange ?? []).join(',')].map(lit).join(', ');
  const idx = (col: string) => `CREATE INDEX ${t.server}_${col} ON ${n} (${col}) WHERE ${col} IS NOT NULL;`;
  return `
    CREATE TABLE ${n} (
      id text PRIMARY KEY,
      owner_id text,
      team_id text,
      parent_id text,
      reviewer_id text,
      readers text[],
      record jsonb NOT NULL,
      rev integer NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      written_by name NOT NULL DEFAULT session_user,
      change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      change_seq bigint NOT NULL DEFAULT nextval('${S}.change_seq')
    );
    CREATE INDEX ${t.server}_change ON ${n} (change_xid, change_seq);
    ${SCOPE_COLUMNS(t).map(idx).join(' ')}
    CREATE TRIGGER ${t.server}_stamp BEFORE INSERT OR UPDATE ON ${n} FOR EACH ROW EXECUTE FUNCTION ${S}.stamp(${args});
    CREATE TRIGGER ${t.server}_audit_insert AFTER INSERT ON ${n} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${S}.audit_rows();
    CREATE TRIGGER ${t.server}_audit_update AFTER UPDATE ON ${n} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${S}.audit_rows();
    CREATE TRIGGER ${t.server}_audit_delete AFTER DELETE ON ${n} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${S}.audit_rows();
    ALTER TABLE ${n} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${n} FORCE ROW LEVEL SECURITY;
    CREATE POLICY read ON ${n} FOR SELECT USING (${r.read});
    CREATE POLICY add ON ${n} FOR INSERT WITH CHECK (${r.insert});
    CREATE POLICY change ON ${n} FOR UPDATE USING (${r.update}) WITH CHECK (${r.update});
    ${r.remove ? `CREATE POLICY remove ON ${n} FOR DELETE USING (${r.remove});` : ''}
    GRANT SELECT, INSERT, UPDATE ON ${n} TO ${groups};
    ${r.remove ? `GRANT DELETE ON ${n} TO ${OVERSEERS.join(', ')};` : ''}`;
}

/** The helper functions policies call: who the session is, from tables no console role can read or write. */
const ACCESS_SQL = `
  CREATE SEQUENCE ${S}.change_seq;
  GRANT USAGE ON SCHEMA ${S} TO ${TEAM_ROLES.member}, ${TEAM_ROLES.provisioner};
  GRANT CREATE ON SCHEMA ${S} TO ${TEAM_ROLES.provisioner};
  GRANT USAGE ON SEQUENCE ${S}.change_seq TO ${TEAM_ROLES.member};

  -- A person's login: which role is whose, whether its one-time password is still to be changed, sign-ins.
  CREATE TABLE ${S}.logins (
    role_name name PRIMARY KEY,
    person_id text NOT NULL UNIQUE,
    must_change boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL DEFAULT session_user,
    last_sign_in timestamptz,
    password_changed_at timestamptz
  );
  -- What the policies need to know of each person and team, kept from the people and teams rows by trigger.
  CREATE TABLE ${S}.access_people (person_id text PRIMARY KEY, employee_no text, role text NOT NULL, team_id text, active boolean NOT NULL);
  CREATE TABLE ${S}.access_teams (team_id text PRIMARY KEY, lead_id text);
  GRANT SELECT, INSERT, UPDATE ON ${S}.logins, ${S}.access_people TO ${TEAM_ROLES.provisioner};

  CREATE FUNCTION ${S}.me() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT l.person_id FROM ${S}.logins l JOIN ${S}.access_people p ON p.person_id = l.person_id
    WHERE l.role_name = session_user AND NOT l.must_change AND p.active $$;
  CREATE FUNCTION ${S}.my_role() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT p.role FROM ${S}.access_people p WHERE p.person_id = ${S}.me() $$;
  CREATE FUNCTION ${S}.sees_all() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT coalesce(${S}.my_role() IN ('admin', 'supervisor'), false) $$;
  CREATE FUNCTION ${S}.may_score() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT coalesce(${S}.my_role() IN ('admin', 'supervisor', 'lead'), false) $$;
  CREATE FUNCTION ${S}.led_teams() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT coalesce(array_agg(t.team_id), '{}') FROM ${S}.access_teams t WHERE ${S}.my_role() = 'lead' AND t.lead_id = ${S}.me() $$;
  -- The people whose records the session reads besides everyone's (overseers): themself and the members of teams they lead.
  CREATE FUNCTION ${S}.reach() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT CASE WHEN ${S}.me() IS NULL THEN '{}'::text[] ELSE
      ARRAY[${S}.me()] || coalesce((SELECT array_agg(p.person_id) FROM ${S}.access_people p WHERE p.team_id = ANY (${S}.led_teams())), '{}') END $$;
  REVOKE EXECUTE ON FUNCTION ${S}.me(), ${S}.my_role(), ${S}.sees_all(), ${S}.may_score(), ${S}.led_teams(), ${S}.reach() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${S}.me(), ${S}.my_role(), ${S}.sees_all(), ${S}.may_score(), ${S}.led_teams(), ${S}.reach() TO ${TEAM_ROLES.member}, ${TEAM_ROLES.provisioner};

  -- Who the session is, for the console at sign-in (also when the one-time password is still to be changed).
  CREATE FUNCTION ${S}.whoami() RETURNS TABLE (person_id text, role text, must_change boolean, active boolean)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    UPDATE ${S}.logins SET last_sign_in = now() WHERE role_name = session_user;
    SELECT l.person_id, p.role, l.must_change, coalesce(p.active, false)
    FROM ${S}.logins l LEFT JOIN ${S}.access_people p ON p.person_id = l.person_id WHERE l.role_name = session_user $$;
  REVOKE EXECUTE ON FUNCTION ${S}.whoami() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${S}.whoami() TO ${TEAM_ROLES.member};

  -- Every row's typed columns come from its record, so a console cannot say one thing in a column and another in the
  -- record; rev must grow; a staff member changes only the fields their table allows; the change position is set.
  CREATE FUNCTION ${S}.stamp() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, ${S} AS $$
  DECLARE allowed text[];
  BEGIN
    IF NEW.record->>'id' IS DISTINCT FROM NEW.id THEN RAISE EXCEPTION 'the record''s id (%) is not the row''s (%)', NEW.record->>'id', NEW.id USING ERRCODE = '22023'; END IF;
    NEW.owner_id := CASE WHEN TG_ARGV[0] = '' THEN NULL ELSE NEW.record->>TG_ARGV[0] END;
    NEW.team_id := CASE WHEN TG_ARGV[1] = '' THEN NULL ELSE NEW.record->>TG_ARGV[1] END;
    NEW.parent_id := CASE WHEN TG_ARGV[2] = '' THEN NULL ELSE NEW.record->>TG_ARGV[2] END;
    NEW.reviewer_id := CASE WHEN TG_ARGV[3] = '' THEN NULL ELSE NEW.record->>TG_ARGV[3] END;
    NEW.readers := CASE WHEN TG_ARGV[4] = '' OR jsonb_typeof(NEW.record->TG_ARGV[4]) <> 'array' THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(NEW.record->TG_ARGV[4])) END;
    NEW.rev := (NEW.record->>'rev')::integer;
    NEW.created_at := (NEW.record->>'createdAt')::timestamptz;
    NEW.deleted_at := (NEW.record->>'deletedAt')::timestamptz;
    NEW.updated_at := clock_timestamp();
    NEW.written_by := session_user;
    NEW.change_xid := pg_current_xact_id();
    NEW.change_seq := nextval('${S}.change_seq');
    IF NEW.rev IS NULL OR NEW.rev < 1 THEN RAISE EXCEPTION 'a record needs a rev of 1 or more' USING ERRCODE = '22023'; END IF;
    IF TG_OP = 'UPDATE' THEN
      IF NEW.id <> OLD.id THEN RAISE EXCEPTION 'a row''s id never changes' USING ERRCODE = '22023'; END IF;
      IF NEW.rev <= OLD.rev THEN RAISE EXCEPTION 'rev % is not after the server''s rev %', NEW.rev, OLD.rev USING ERRCODE = '40001'; END IF;
      IF NEW.owner_id IS DISTINCT FROM OLD.owner_id AND NOT ${S}.sees_all() THEN
        RAISE EXCEPTION 'only an admin or a quality supervisor moves a record to another person' USING ERRCODE = '42501';
      END IF;
      IF coalesce(${S}.my_role(), '') NOT IN ('admin', 'supervisor', 'lead') AND TG_TABLE_NAME NOT IN ('notifications', 'appraisal_assessments') THEN
        allowed := string_to_array(TG_ARGV[5], ',') || ARRAY['rev', 'updatedAt'];
        IF (OLD.record - allowed) IS DISTINCT FROM (NEW.record - allowed) THEN
          RAISE EXCEPTION 'a staff member may change only % of their own %', coalesce(nullif(TG_ARGV[5], ''), 'nothing'), TG_TABLE_NAME USING ERRCODE = '42501';
        END IF;
      END IF;
    END IF;
    RETURN NEW;
  END $$;

  -- Rows removed for good leave a tombstone (the id only), so replicas drop them too.
  CREATE TABLE ${S}.tombstones (
    tbl text NOT NULL,
    id text NOT NULL,
    change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    change_seq bigint NOT NULL DEFAULT nextval('${S}.change_seq'),
    PRIMARY KEY (tbl, id)
  );
  CREATE INDEX tombstones_change ON ${S}.tombstones (change_xid, change_seq);
  ALTER TABLE ${S}.tombstones ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${S}.tombstones FORCE ROW LEVEL SECURITY;
  CREATE POLICY read ON ${S}.tombstones FOR SELECT TO ${TEAM_ROLES.member} USING (${MEMBER});
  CREATE POLICY owner_writes ON ${S}.tombstones TO ${TEAM_ROLES.owner} USING (true) WITH CHECK (true);
  GRANT SELECT ON ${S}.tombstones TO ${TEAM_ROLES.member};

  -- The server's audit log: an entry per statement (a single write is one row; an import's chunk one entry naming
  -- every row), written by trigger in the writer's transaction, chained by SHA-256 under a lock held to commit.
  CREATE TABLE ${S}.audit_log (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    login name NOT NULL,
    person_id text,
    op text NOT NULL,
    tbl text NOT NULL,
    row_ids text[] NOT NULL,
    revs integer[] NOT NULL,
    content_hash char(64) NOT NULL,
    prev_hash char(64) NOT NULL,
    hash char(64) NOT NULL
  );
  ALTER TABLE ${S}.audit_log ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${S}.audit_log FORCE ROW LEVEL SECURITY;
  CREATE POLICY read ON ${S}.audit_log FOR SELECT TO ${TEAM_ROLES.member} USING (${ALL});
  CREATE POLICY owner_appends ON ${S}.audit_log FOR INSERT TO ${TEAM_ROLES.owner} WITH CHECK (true);
  CREATE POLICY owner_reads ON ${S}.audit_log FOR SELECT TO ${TEAM_ROLES.owner} USING (true);
  GRANT SELECT ON ${S}.audit_log TO ${TEAM_ROLES.member};

  CREATE FUNCTION ${S}.audit_hash(prev text, seq bigint, at timestamptz, login name, person text, op text, tbl text, ids text[], revs integer[], content text)
    RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT encode(sha256(convert_to(concat_ws('|', prev, seq::text, (extract(epoch FROM at) * 1000000)::bigint::text, login, coalesce(person, ''), op, tbl,
      array_to_string(ids, ','), array_to_string(revs, ','), content), 'UTF8')), 'hex') $$;

  CREATE FUNCTION ${S}.audit_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
  DECLARE ids text[]; revs integer[]; content text; prev text; next_seq bigint; stamp timestamptz := clock_timestamp(); person text := ${S}.me();
  BEGIN
    IF TG_OP = 'DELETE' THEN
      SELECT array_agg(o.id ORDER BY o.id), array_agg(o.rev ORDER BY o.id), encode(sha256(convert_to(coalesce(string_agg(o.id, ',' ORDER BY o.id), ''), 'UTF8')), 'hex')
        INTO ids, revs, content FROM old_rows o;
      INSERT INTO ${S}.tombstones AS t (tbl, id) SELECT TG_TABLE_NAME, o.id FROM old_rows o
        ON CONFLICT (tbl, id) DO UPDATE SET change_xid = pg_current_xact_id(), change_seq = nextval('${S}.change_seq');
    ELSE
      SELECT array_agg(n.id ORDER BY n.id), array_agg(n.rev ORDER BY n.id), encode(sha256(convert_to(coalesce(string_agg(n.record::text, E'\\n' ORDER BY n.id), ''), 'UTF8')), 'hex')
        INTO ids, revs, content FROM new_rows n;
      IF TG_OP = 'INSERT' THEN DELETE FROM ${S}.tombstones t WHERE t.tbl = TG_TABLE_NAME AND t.id = ANY (ids); END IF;
    END IF;
    IF ids IS NULL THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(hashtext('qa_console_audit'));
    SELECT a.seq, a.hash INTO next_seq, prev FROM ${S}.audit_log a ORDER BY a.seq DESC LIMIT 1;
    next_seq := coalesce(next_seq, 0) + 1;
    prev := coalesce(prev, repeat('0', 64));
    INSERT INTO ${S}.audit_log VALUES (next_seq, stamp, session_user, person, lower(TG_OP), TG_TABLE_NAME, ids, revs, content, prev,
      ${S}.audit_hash(prev, next_seq, stamp, session_user, person, lower(TG_OP), TG_TABLE_NAME, ids, revs, content));
    -- Wakes every console listening; the payload names the table only (every listener hears every payload).
    PERFORM pg_notify('qa_console_changes', TG_TABLE_NAME);
    RETURN NULL;
  END $$;

  -- "Verify audit chain" on the server: recomputes every link; answers the entries checked and the first broken one.
  CREATE FUNCTION ${S}.verify_audit() RETURNS TABLE (entries bigint, first_broken bigint, reason text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
  DECLARE e record; prev text := repeat('0', 64); n bigint := 0; expected bigint := 1;
  BEGIN
    IF NOT ${S}.sees_all() THEN RAISE EXCEPTION 'verifying the audit chain needs an admin or a quality supervisor' USING ERRCODE = '42501'; END IF;
    FOR e IN SELECT * FROM ${S}.audit_log ORDER BY seq LOOP
      n := n + 1;
      IF e.seq <> expected THEN RETURN QUERY SELECT n, expected, 'an entry is missing'; RETURN; END IF;
      IF e.prev_hash <> prev THEN RETURN QUERY SELECT n, e.seq, 'the link to the entry before does not match'; RETURN; END IF;
      IF e.hash <> ${S}.audit_hash(e.prev_hash, e.seq, e.at, e.login, e.person_id, e.op, e.tbl, e.row_ids, e.revs, e.content_hash) THEN
        RETURN QUERY SELECT n, e.seq, 'the entry was changed after it was written'; RETURN;
      END IF;
      prev := e.hash;
      expected := expected + 1;
    END LOOP;
    RETURN QUERY SELECT n, NULL::bigint, NULL::text;
  END $$;
  REVOKE EXECUTE ON FUNCTION ${S}.verify_audit() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${S}.verify_audit() TO ${TEAM_ROLES.groups.admin}, ${TEAM_ROLES.groups.supervisor};

  -- Idempotency: every console write transaction names itself; a replay finds its name and changes nothing.
  CREATE TABLE ${S}.applied_writes (id text PRIMARY KEY, login name NOT NULL DEFAULT session_user, at timestamptz NOT NULL DEFAULT now());
  ALTER TABLE ${S}.applied_writes ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${S}.applied_writes FORCE ROW LEVEL SECURITY;
  CREATE POLICY own ON ${S}.applied_writes TO ${TEAM_ROLES.member} USING (login = session_user) WITH CHECK (login = session_user);
  GRANT SELECT, INSERT ON ${S}.applied_writes TO ${TEAM_ROLES.member};
`;

const P = TEAM_ROLES.provisioner;
const G = TEAM_ROLES.groups;

/** People and teams rows keep the access tables and the logins in line: role, team, lead, active (a login is disabled with its person). */
const PEOPLE_SQL = `
  CREATE FUNCTION ${S}.people_access() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
  DECLARE login name; new_role text := NEW.record->>'role'; was_role text;
    is_active boolean := coalesce((NEW.record->>'active')::boolean, false) AND NEW.deleted_at IS NULL;
  BEGIN
    IF new_role IS NULL OR new_role NOT IN ('admin', 'supervisor', 'lead', 'staff') THEN
      RAISE EXCEPTION 'person %: role % is not one of admin, supervisor, lead, staff', NEW.id, new_role USING ERRCODE = '22023';
    END IF;
    SELECT a.role INTO was_role FROM ${S}.access_people a WHERE a.person_id = NEW.id;
    INSERT INTO ${S}.access_people AS a VALUES (NEW.id, NEW.record->>'employeeNo', new_role, NEW.team_id, is_active)
      ON CONFLICT (person_id) DO UPDATE SET employee_no = EXCLUDED.employee_no, role = EXCLUDED.role, team_id = EXCLUDED.team_id, active = EXCLUDED.active;
    SELECT l.role_name INTO login FROM ${S}.logins l WHERE l.person_id = NEW.id;
    IF login IS NOT NULL THEN
      IF was_role IS DISTINCT FROM new_role THEN
        IF was_role IS NOT NULL THEN EXECUTE format('REVOKE %I FROM %I', 'qa_' || was_role, login); END IF;
        EXECUTE format('GRANT %I TO %I', 'qa_' || new_role, login);
      END IF;
      EXECUTE format('ALTER ROLE %I %s', login, CASE WHEN is_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    END IF;
    RETURN NULL;
  END $$;
  ALTER FUNCTION ${S}.people_access() OWNER TO ${P};
  CREATE TRIGGER people_access AFTER INSERT OR UPDATE ON ${S}.people FOR EACH ROW EXECUTE FUNCTION ${S}.people_access();
  -- The schema owner (the DBA's migration login) writes the first admin, and only while there is none.
  CREATE POLICY owner_bootstrap ON ${S}.people FOR INSERT TO ${TEAM_ROLES.owner}
    WITH CHECK (NOT EXISTS (SELECT 1 FROM ${S}.access_people a WHERE a.role = 'admin') AND record->>'role' = 'admin');

  CREATE FUNCTION ${S}.teams_access() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
  BEGIN
    INSERT INTO ${S}.access_teams AS a VALUES (NEW.id, CASE WHEN NEW.deleted_at IS NULL THEN NEW.record->>'leadId' END)
      ON CONFLICT (team_id) DO UPDATE SET lead_id = EXCLUDED.lead_id;
    RETURN NULL;
  END $$;
  CREATE TRIGGER teams_access AFTER INSERT OR UPDATE ON ${S}.teams FOR EACH ROW EXECUTE FUNCTION ${S}.teams_access();

  -- Provisioning (admins, or the schema owner setting up the first admin): a login for a person already written,
  -- with a one-time password given as a SCRAM verifier (the password itself never reaches the server).
  CREATE FUNCTION ${S}.provision_login(p_person text, p_verifier text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
  DECLARE person ${S}.access_people; login text;
  BEGIN
    IF coalesce(${S}.my_role(), '') <> 'admin' AND NOT pg_has_role(session_user, '${TEAM_ROLES.owner}', 'USAGE') THEN
      RAISE EXCEPTION 'provisioning a person needs the admin role' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO person FROM ${S}.access_people a WHERE a.person_id = p_person;
    IF NOT FOUND THEN RAISE EXCEPTION 'person % is not on the server', p_person USING ERRCODE = '22023'; END IF;
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN RAISE EXCEPTION 'the password must be sent as a SCRAM verifier' USING ERRCODE = '22023'; END IF;
    login := 'qa_u_' || regexp_replace(lower(trim(coalesce(person.employee_no, ''))), '[^a-z0-9_]', '_', 'g');
    IF login !~ '^qa_u_[a-z0-9_]{1,50}$' THEN RAISE EXCEPTION 'person %: employee number % cannot name a login', p_person, person.employee_no USING ERRCODE = '22023'; END IF;
    IF EXISTS (SELECT 1 FROM ${S}.logins l WHERE l.person_id = p_person) THEN RAISE EXCEPTION 'person % already has a login', p_person USING ERRCODE = '23505'; END IF;
    IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = login) THEN RAISE EXCEPTION 'the login % exists already (employee numbers that differ only in case or punctuation share a login)', login USING ERRCODE = '23505'; END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I, %I', login, p_verifier, 'qa_' || person.role, '${TEAM_ROLES.member}');
    IF NOT person.active THEN EXECUTE format('ALTER ROLE %I NOLOGIN', login); END IF;
    INSERT INTO ${S}.logins (role_name, person_id) VALUES (login, p_person);
    RETURN login;
  END $$;
  ALTER FUNCTION ${S}.provision_login(text, text) OWNER TO ${P};

  -- An admin resets a person's password to a new one-time password (to be changed at the next sign-in).
  CREATE FUNCTION ${S}.reset_password(p_person text, p_verifier text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
  DECLARE login name;
  BEGIN
    IF coalesce(${S}.my_role(), '') <> 'admin' THEN RAISE EXCEPTION 'resetting a password needs the admin role' USING ERRCODE = '42501'; END IF;
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN RAISE EXCEPTION 'the password must be sent as a SCRAM verifier' USING ERRCODE = '22023'; END IF;
    SELECT l.role_name INTO login FROM ${S}.logins l WHERE l.person_id = p_person;
    IF login IS NULL THEN RAISE EXCEPTION 'person % has no login', p_person USING ERRCODE = '22023'; END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, p_verifier);
    UPDATE ${S}.logins SET must_change = true WHERE role_name = login;
  END $$;
  ALTER FUNCTION ${S}.reset_password(text, text) OWNER TO ${P};

  -- A person changes their own password, and only their own (the role is the session's).
  CREATE FUNCTION ${S}.change_my_password(p_verifier text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
  BEGIN
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN RAISE EXCEPTION 'the password must be sent as a SCRAM verifier' USING ERRCODE = '22023'; END IF;
    IF NOT EXISTS (SELECT 1 FROM ${S}.logins l WHERE l.role_name = session_user) THEN RAISE EXCEPTION 'this login is not a person''s' USING ERRCODE = '42501'; END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verifier);
    UPDATE ${S}.logins SET must_change = false, password_changed_at = now() WHERE role_name = session_user;
  END $$;
  ALTER FUNCTION ${S}.change_my_password(text) OWNER TO ${P};

  REVOKE EXECUTE ON FUNCTION ${S}.provision_login(text, text), ${S}.reset_password(text, text), ${S}.change_my_password(text), ${S}.people_access(), ${S}.teams_access() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${S}.provision_login(text, text) TO ${G.admin}, ${TEAM_ROLES.owner};
  GRANT EXECUTE ON FUNCTION ${S}.reset_password(text, text) TO ${G.admin};
  GRANT EXECUTE ON FUNCTION ${S}.change_my_password(text) TO ${TEAM_ROLES.member};
`;

const LOGINS_SQL = `
  CREATE FUNCTION ${S}.schema_version() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT coalesce(max(version), 0) FROM ${S}.team_migrations $$;
  REVOKE EXECUTE ON FUNCTION ${S}.schema_version() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${S}.schema_version() TO ${TEAM_ROLES.member};

  -- Who has a login, whether it can sign in, when it last did and whether its password is still a one-time one.
  CREATE FUNCTION ${S}.login_list() RETURNS TABLE (person_id text, login name, must_change boolean, created_at timestamptz, last_sign_in timestamptz, password_changed_at timestamptz, can_login boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
  BEGIN
    IF coalesce(${S}.my_role(), '') <> 'admin' THEN RAISE EXCEPTION 'the list of logins needs the admin role' USING ERRCODE = '42501'; END IF;
    RETURN QUERY SELECT l.person_id, l.role_name, l.must_change, l.created_at, l.last_sign_in, l.password_changed_at, coalesce(r.rolcanlogin, false)
      FROM ${S}.logins l LEFT JOIN pg_catalog.pg_roles r ON r.rolname = l.role_name ORDER BY l.person_id;
  END $$;
  REVOKE EXECUTE ON FUNCTION ${S}.login_list() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${S}.login_list() TO ${G.admin};
`;

/**
 * Moving a standalone workspace in: while a move is under way (a row in move_state), the schema owner's login (the
 * DBA's migration login, never a person's) may insert and read back every table, with the ids, revs and history the
 * workspace has; nothing else changes for anyone. The move ends by provisioning the people's logins and marking
 * itself done, after which the owner's policies no longer apply.
 */
const MOVE_SQL = `
  CREATE TABLE ${S}.move_state (
    id integer PRIMARY KEY CHECK (id = 1),
    state text NOT NULL CHECK (state IN ('uploading', 'done')),
    workspace text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    started_by name NOT NULL DEFAULT session_user,
    finished_at timestamptz
  );
  ALTER TABLE ${S}.move_state ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${S}.move_state FORCE ROW LEVEL SECURITY;
  CREATE POLICY owner_only ON ${S}.move_state TO ${TEAM_ROLES.owner} USING (true) WITH CHECK (true);
  CREATE FUNCTION ${S}.moving() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT EXISTS (SELECT 1 FROM ${S}.move_state WHERE state = 'uploading') $$;
  REVOKE EXECUTE ON FUNCTION ${S}.moving() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${S}.moving() TO ${TEAM_ROLES.owner};
  ${REPLICATED_TABLES.map(
    (t) => `CREATE POLICY move_in ON ${S}.${t.server} FOR INSERT TO ${TEAM_ROLES.owner} WITH CHECK (${S}.moving());
  CREATE POLICY move_read ON ${S}.${t.server} FOR SELECT TO ${TEAM_ROLES.owner} USING (${S}.moving());`,
  ).join('\n  ')}
`;

/** The columns a read rule names people or parents by, each with its own index over (column, change position). */
const SCOPE_COLUMNS = (t: ReplicatedTable): string[] =>
  [t.owner && 'owner_id', t.team && 'team_id', t.parent && 'parent_id', t.reviewer && 'reviewer_id'].filter((c): c is string => !!c);

const PULL_INDEX_SQL = `
  ${REPLICATED_TABLES.flatMap((t) =>
    SCOPE_COLUMNS(t).map(
      (col) => `DROP INDEX ${S}.${t.server}_${col};
  CREATE INDEX ${t.server}_${col}_change ON ${S}.${t.server} (${col}, change_xid, change_seq) WHERE ${col} IS NOT NULL;`,
    ),
  ).join('\n  ')}
  -- Who the session is, asked once per call (a function called in a WHERE runs once per row: a lead's reach() read
  -- the access tables some 35,000 times in a 400-person department).
  CREATE OR REPLACE FUNCTION ${S}.my_role() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT p.role FROM ${S}.access_people p WHERE p.person_id = (SELECT ${S}.me()) $$;
  CREATE OR REPLACE FUNCTION ${S}.led_teams() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT coalesce(array_agg(t.team_id), '{}') FROM ${S}.access_teams t WHERE (SELECT ${S}.my_role()) = 'lead' AND t.lead_id = (SELECT ${S}.me()) $$;
  CREATE OR REPLACE FUNCTION ${S}.reach() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${S} AS $$
    SELECT CASE WHEN m.id IS NULL THEN '{}'::text[] ELSE
      ARRAY[m.id] || coalesce((SELECT array_agg(p.person_id) FROM ${S}.access_people p WHERE p.team_id = ANY (CAST((SELECT ${S}.led_teams()) AS text[]))), '{}') END
    FROM (SELECT ${S}.me() AS id) m $$;
`;

/**
 * Recordings' audio kept on the server, for departments without a recording share: a file in 1 MiB chunks (bytea,
 * stored uncompressed: audio does not compress), then a header row naming its SHA-256, size and type, written last
 * (a recording has audio on the server once its header is there; an upload cut off resumes from its chunks). Read
 * by whoever reads the recording (row-level security of the recordings table decides: staff their own calls) and by
 * the login that uploaded it (a chunk sent before its recording's record); written by admins and supervisors, who
 * import; never changed (the recording's content hash is the audio's).
 */
const AUDIO_SQL = `
  CREATE TABLE ${S}.recording_audio (
    recording_id text PRIMARY KEY,
    sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes bigint NOT NULL CHECK (bytes >= 0),
    mime text NOT NULL,
    chunk_bytes integer NOT NULL CHECK (chunk_bytes > 0),
    chunks integer NOT NULL CHECK (chunks >= 0),
    uploaded_by name NOT NULL DEFAULT session_user,
    uploaded_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE ${S}.recording_audio_chunks (
    recording_id text NOT NULL,
    n integer NOT NULL CHECK (n >= 0),
    bytes bytea NOT NULL,
    uploaded_by name NOT NULL DEFAULT session_user,
    PRIMARY KEY (recording_id, n)
  );
  ALTER TABLE ${S}.recording_audio_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
  ${['recording_audio', 'recording_audio_chunks']
    .map(
      (tbl) => `ALTER TABLE ${S}.${tbl} ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${S}.${tbl} FORCE ROW LEVEL SECURITY;
  CREATE POLICY read ON ${S}.${tbl} FOR SELECT TO ${TEAM_ROLES.member}
    USING (uploaded_by = session_user OR EXISTS (SELECT 1 FROM ${S}.recordings r WHERE r.id = ${tbl}.recording_id));
  CREATE POLICY add ON ${S}.${tbl} FOR INSERT TO ${TEAM_ROLES.member} WITH CHECK (${ALL} AND uploaded_by = session_user);
  GRANT SELECT ON ${S}.${tbl} TO ${TEAM_ROLES.member};
  GRANT INSERT ON ${S}.${tbl} TO ${OVERSEERS.join(', ')};`,
    )
    .join('\n  ')}
`;

export const TEAM_MIGRATIONS: MigrationSet = {
  table: 'team_migrations',
  lockKey: 'qa_console_team_schema',
  role: TEAM_ROLES.owner,
  migrations: [
    {
      version: 1,
      name: 'team mode: logins and access, replicated tables with forced row-level security, audit chain, change feed, provisioning',
      sql: [ACCESS_SQL, ...REPLICATED_TABLES.map(tableSql), PEOPLE_SQL].join('\n'),
    } satisfies Migration,
    {
      version: 2,
      name: 'the replica\'s unique keys kept on the server too (a helpdesk ticket once, a notification once per key, …)',
      sql: REPLICATED_TABLES.flatMap((t) => (t.unique ?? []).map((fields, i) => uniqueIndexSql(t.server, fields, i))).join('\n'),
    } satisfies Migration,
    {
      version: 3,
      name: 'the schema version for every console (a console refuses to write to a newer schema), and the logins for the People page (admins)',
      sql: LOGINS_SQL,
    } satisfies Migration,
    {
      version: 4,
      name: 'moving a standalone workspace in: the schema owner inserts and reads back every table while a move is under way',
      sql: MOVE_SQL,
    } satisfies Migration,
    {
      version: 5,
      name: 'pulls that cost what they return: each person column indexed with the change position after it (a staff member\'s pull reads their rows only)',
      sql: PULL_INDEX_SQL,
    } satisfies Migration,
    {
      version: 6,
      name: 'recordings\' audio on the server for departments without a recording share (chunks, then a header with the SHA-256), read as the recording is',
      sql: AUDIO_SQL,
    } satisfies Migration,
  ],
};

/** The name of a table's i-th unique key index (a refusal names the fields from it). */
export function uniqueIndexName(server: string, i: number): string {
  return `${server}_unique_${i}`;
}
function uniqueIndexSql(server: string, fields: readonly string[], i: number): string {
  return `CREATE UNIQUE INDEX ${uniqueIndexName(server, i)} ON ${S}.${server} (${fields.map((f) => `(record->>'${f}')`).join(', ')});`;
}
export const LATEST_TEAM_SCHEMA = TEAM_MIGRATIONS.migrations[TEAM_MIGRATIONS.migrations.length - 1]!.version;
