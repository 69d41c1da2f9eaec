package org.incidentatlas;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips every test of a run on PostgreSQL ({@code -Datlas.test.database=postgresql}) when the
 * machine has no PostgreSQL with PostGIS, with the reason and what to install, instead of failing
 * them all on the same missing program. Registered for every class through
 * {@code META-INF/services}, and decided before a class's static fields or {@code @BeforeAll}
 * start an atlas.
 */
public final class PostgresCondition implements ExecutionCondition {
  private static final AtomicBoolean SAID = new AtomicBoolean();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!TestAtlas.onPostgres()) {
      return ConditionEvaluationResult.enabled("on H2");
    }
    String why = TestPostgres.whyUnavailable();
    if (why == null) {
      return ConditionEvaluationResult.enabled("on PostgreSQL");
    }
    if (!SAID.getAndSet(true)) {
      System.out.println("PostgreSQL with PostGIS not found (" + why + "): the tests on PostgreSQL are skipped");
    }
    return ConditionEvaluationResult.disabled("PostgreSQL with PostGIS not found: " + why);
  }
}
