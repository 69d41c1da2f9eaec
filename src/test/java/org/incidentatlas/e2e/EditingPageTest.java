package org.incidentatlas.e2e;

import org.incidentatlas.TestAtlas;
import org.incidentatlas.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Where tests of the map page as editors and reviewers use it start: an atlas of the test class's
 * own with an editor, erin, and a reviewer, rita, its map page open in a desktop browser, and the
 * steps of signing in and out and of opening the edit panel and its form, taken by clicking and
 * typing as a person does.
 *
 * <p>One instance serves all tests of a class ({@link TestInstance.Lifecycle#PER_CLASS}), so they
 * share one page, and the fields are that class's own, not shared with any other class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EditingPageTest {
  TestAtlas atlas;
  Browser browser;
  String editorToken;
  String reviewerToken;

  @BeforeAll
  void openPage() {
    atlas = TestAtlas.temporary("atlas-" + getClass().getSimpleName());
    editorToken = atlas.addUser("erin", Role.EDITOR);
    reviewerToken = atlas.addUser("rita", Role.REVIEWER);
    browser = Browser.open(1280, 900);
    browser.load(atlas, "/");
  }

  @AfterAll
  void closePage() {
    if (browser != null) {
      browser.close();
    }
    if (atlas != null) {
      atlas.close();
    }
  }

  WebElement byId(String id) {
    return browser.driver.findElement(By.id(id));
  }

  /** Text as a reader sees it: each run of white space one space, none at the ends. */
  static String normalise(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  /** Signs in with {@code token} and waits until the header says {@code expected}. */
  void signIn(String token, String expected) {
    byId("sign-in-toggle").click();
    WebElement input = browser.waitFor("the token field", d -> {
      WebElement e = d.findElement(By.id("token-input"));
      return e.isDisplayed() ? e : null;
    });
    input.sendKeys(token, Keys.ENTER);
    browser.waitFor("'" + expected + "' in the header", d -> d.findElement(By.id("account-name")).getText().equals(expected) ? true : null);
  }

  void signOut() {
    byId("sign-out").click();
    browser.waitFor("the sign-in button", d -> d.findElement(By.id("sign-in-toggle")).isDisplayed());
  }

  /** Opens the edit panel unless it is open already. */
  void openEditor() {
    if (!byId("editor").isDisplayed()) {
      byId("editor-toggle").click();
    }
    browser.waitFor("the edit panel", d -> d.findElement(By.id("editor")).isDisplayed());
  }

  /** The incident form, once it is shown. */
  WebElement form() {
    return browser.waitFor("the form", d -> d.findElement(By.id("incident-form")).isDisplayed() ? d.findElement(By.id("incident-form")) : null);
  }
}
