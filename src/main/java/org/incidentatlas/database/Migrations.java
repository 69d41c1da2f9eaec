package org.incidentatlas.database;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.incidentatlas.store.StoreException;

/**
 * Creates and migrates the schema of the records with Flyway, from the scripts of the engine in
 * {@code src/main/resources/db/migration/<engine>/}. Every server runs it at start; Flyway takes a
 * lock in the database, so servers starting together migrate once.
 */
final class Migrations {
  private Migrations() {}

  /**
   * @param schema the schema to migrate and keep the history in; null for the default one
   */
  static void run(DataSource source, String engine, String schema, String described) {
    try {
      var config = Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(source)
          .locations("classpath:db/migration/" + engine)
          // Files written before migrations were kept have the tables but no history: the first
          // script creates only what is missing, so it runs on them too.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .loggers("slf4j");
      if (schema != null) {
        config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
      }
      config.load().migrate();
    } catch (FlywayException e) {
      throw new StoreException("cannot create or migrate the records in " + described + ": " + e.getMessage(), e);
    }
  }
}
