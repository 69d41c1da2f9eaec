package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.incidentatlas.database.DatabaseUrl;
import org.junit.jupiter.api.Test;

/** The cluster of the tests on PostgreSQL: each new database is its own and has PostGIS. */
class TestPostgresTest {
  @Test
  void aNewDatabaseHasPostGisAndIsNotAnother() throws SQLException {
    assumeTrue(TestPostgres.available(), () -> "PostgreSQL with PostGIS not found: " + TestPostgres.whyUnavailable());
    DatabaseUrl first = TestPostgres.newDatabase("postgres-test");
    DatabaseUrl second = TestPostgres.newDatabase("postgres-test");
    assertNotEquals(first.jdbcUrl(), second.jdbcUrl());
    try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.user(), first.password());
         Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT postgis_version()")) {
        assertTrue(rs.next() && rs.getString(1).startsWith("3"), "PostGIS 3");
      }
      st.execute("CREATE TABLE only_here (id int PRIMARY KEY)");
    }
    try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password());
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")) {
      assertTrue(rs.next() && rs.getInt(1) == 0, "a table of one database is not in another");
    }
  }

  @Test
  void fsyncIsOnAsInProduction() throws SQLException {
    assumeTrue(TestPostgres.available(), () -> "PostgreSQL with PostGIS not found: " + TestPostgres.whyUnavailable());
    DatabaseUrl admin = DatabaseUrl.parse(TestPostgres.adminUrl(), false, null, null);
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW fsync")) {
      assertTrue(rs.next() && rs.getString(1).equals("on"), "the durability the tests prove needs fsync");
    }
  }
}
