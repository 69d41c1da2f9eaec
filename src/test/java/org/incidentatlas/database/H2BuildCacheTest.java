package org.incidentatlas.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page cache of an H2 build while it makes the indexes of a table too large to stay in it. */
class H2BuildCacheTest {
  @TempDir
  Path dir;

  @Test
  void aTableTheCacheHoldsKeepsTheCacheAndALargerOneIsIndexedWithASmallCache() throws Exception {
    long cacheKb;
    try (LayerTarget target = new H2Database(dir).beginBuild(); Statement st = target.connection().createStatement()) {
      cacheKb = cacheKb(st);
      assertEquals(List.of(), target.beforeIndexes(cacheKb * 1024 / H2Database.ROW_BYTES_IN_CACHE));

      long rows = 2 * cacheKb * 1024 / H2Database.ROW_BYTES_IN_CACHE * H2Database.CACHE_SHARE_WORTH_KEEPING;
      List<String> settings = target.beforeIndexes(rows);
      assertEquals(1, settings.size(), settings.toString());
      for (String s : settings) {
        st.execute(s);
      }
      long indexing = cacheKb(st);
      assertTrue(indexing < cacheKb && indexing <= 16 * 1024, indexing + " kB against " + cacheKb);

      for (String s : target.afterIndexes()) {
        st.execute(s);
      }
      assertEquals(cacheKb, cacheKb(st));
    }
  }

  private static long cacheKb(Statement st) throws Exception {
    try (ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
      rs.next();
      return Long.parseLong(rs.getString(1));
    }
  }
}
