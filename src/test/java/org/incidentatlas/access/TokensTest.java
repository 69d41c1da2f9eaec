package org.incidentatlas.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void aTokenIs32RandomBytesInBase64UrlAfterThePrefix() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String token = Tokens.generate();
      assertTrue(token.startsWith("atlas_"), token);
      assertEquals(6 + 43, token.length(), token);
      assertEquals(32, Base64.getUrlDecoder().decode(token.substring(6)).length);
      assertTrue(Tokens.wellFormed(token), token);
      assertTrue(seen.add(token), "repeated " + token);
    }
  }

  @Test
  void theHashIsTheSha256OfTheWholeTokenInLowerCaseHex() {
    // the test vector of FIPS 180-2 for "abc"
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Tokens.hash("abc"));
    String token = Tokens.generate();
    assertEquals(Tokens.hash(token), Tokens.hash(token));
    assertTrue(Tokens.hash(token).matches("[0-9a-f]{64}"));
  }

  @Test
  void textThatIsNotShapedLikeATokenIsNotWellFormed() {
    String token = Tokens.generate();
    for (String bad : new String[] {null, "", "atlas_", token.substring(6), token + "A", token.substring(0, token.length() - 1),
        "ATLAS_" + token.substring(6), token.substring(0, 20) + "+" + token.substring(21), token + "\n", " " + token}) {
      assertFalse(Tokens.wellFormed(bad), String.valueOf(bad));
    }
  }
}
