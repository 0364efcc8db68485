package io.userstream.contract;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CassandraRolesTest {

    private static final Pattern GRANT = Pattern.compile("GRANT (\\w+) ON TABLE " + CassandraSchema.KEYSPACE + "\\.(\\w+) TO (\\w+)");

    @Test
    void theSparkJobReadsAndWritesEveryTableOfTheSchemaAndNothingElse() {
        Set<String> tables = tablesOfSchema();
        assertEquals(tables, granted("SELECT", CassandraRoles.SPARK_ROLE));
        assertEquals(tables, granted("MODIFY", CassandraRoles.SPARK_ROLE));
    }

    @Test
    void theIngestServiceOnlyReadsWhatItServes() {
        assertEquals(new TreeSet<>(List.of(CassandraSchema.USERS_TABLE, CassandraSchema.REJECTED_TABLE, CassandraSchema.BY_DAY_TABLE,
                        CassandraSchema.BY_BIRTH_DECADE_TABLE, CassandraSchema.BY_REGISTRATION_YEAR_TABLE,
                        CassandraSchema.BATCH_RUNS_TABLE, CassandraSchema.SPEED_TABLE)),
                granted("SELECT", CassandraRoles.INGEST_ROLE));
        assertEquals(Set.of(), granted("MODIFY", CassandraRoles.INGEST_ROLE));
    }

    @Test
    void noRoleGetsMoreThanTableGrantsAndNoneIsASuperuser() {
        for (String s : CassandraRoles.statements("a", "b")) {
            assertTrue(s.startsWith("CREATE ROLE IF NOT EXISTS") || GRANT.matcher(s).matches(), s);
            assertFalse(s.contains("SUPERUSER"), s);
            assertFalse(s.contains("ALL PERMISSIONS") || s.contains("KEYSPACE"), s);
        }
    }

    @Test
    void passwordsBecomeQuotedLiterals() {
        List<String> statements = CassandraRoles.statements("sp'ark", "ing");
        assertTrue(statements.contains("CREATE ROLE IF NOT EXISTS userstream_spark WITH LOGIN = true AND PASSWORD = 'sp''ark'"));
        assertTrue(statements.contains("CREATE ROLE IF NOT EXISTS userstream_ingest WITH LOGIN = true AND PASSWORD = 'ing'"));
        assertTrue(statements.stream().noneMatch(s -> s.contains("${")));
        assertThrows(IllegalArgumentException.class, () -> CassandraRoles.statements(" ", "x"));
    }

    private static Set<String> granted(String permission, String role) {
        Set<String> tables = new TreeSet<>();
        for (String s : CassandraRoles.statements("a", "b")) {
            Matcher m = GRANT.matcher(s);
            if (m.matches() && m.group(1).equals(permission) && m.group(3).equals(role)) {
                tables.add(m.group(2));
            }
        }
        return tables;
    }

    private static Set<String> tablesOfSchema() {
        Set<String> tables = new TreeSet<>();
        Matcher m = Pattern.compile("CREATE TABLE IF NOT EXISTS " + CassandraSchema.KEYSPACE + "\\.(\\w+)")
                .matcher(String.join("\n", CassandraSchema.statements(CassandraSchema.simpleReplication(1))));
        while (m.find()) {
            tables.add(m.group(1));
        }
        return tables;
    }
}
