package org.incidentatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's relative links resolve: README.md, every page of docs/ and geodata/README.md.
 * The checker itself is tested on small pages written here, with links that must fail.
 */
class DocumentationLinksTest {
  @TempDir
  Path dir;

  /** The pages of the documentation, in the project root the tests run in. */
  static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("geodata", "README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  @Test
  void everyRelativeLinkOfTheDocumentationResolves() throws IOException {
    List<Path> pages = pages();
    assertTrue(pages.size() > 3, "the documentation pages: " + pages);
    List<MarkdownLinks.Problem> problems = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      links += MarkdownLinks.links(page).size();
      problems.addAll(MarkdownLinks.check(page));
    }
    assertTrue(links > 50, "only " + links + " links found: the checker reads nothing");
    assertEquals("", problems.stream().map(Object::toString).collect(Collectors.joining("\n")));
  }

  @Test
  void everyPageOfDocsIsLinkedFromTheReadme() throws IOException {
    Set<String> linked = MarkdownLinks.links(Path.of("README.md")).stream()
        .map(l -> l.target().replaceAll("#.*", "")).collect(Collectors.toSet());
    List<String> unlinked = pages().stream().map(p -> p.toString().replace('\\', '/'))
        .filter(p -> !p.equals("README.md") && !linked.contains(p)).toList();
    assertEquals(List.of(), unlinked);
  }

  @Test
  void aLinkToAMissingFileAndAnAnchorNoHeadingMakesAreReported() throws IOException {
    write("other.md", "# Other page\n\n## Known part\n");
    Path page = write("page.md", """
        # Page

        See [the other page](other.md), [its part](other.md#known-part) and [this page](#page).
        A [missing page](missing.md) and an ![image that is not there](img/none.png).
        A [lost part](other.md#unknown-part) and a [lost part
        here](#nowhere), its text over two lines.
        """);
    List<String> problems = MarkdownLinks.check(page).stream().map(p -> p.link().target() + " " + p.reason()).toList();
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("missing.md no file at "), problems.get(0));
    assertTrue(problems.get(1).startsWith("img/none.png no file at "), problems.get(1));
    assertEquals("other.md#unknown-part no heading of other.md has the anchor #unknown-part", problems.get(2));
    assertEquals("#nowhere no heading of page.md has the anchor #nowhere", problems.get(3));
    assertEquals(4, MarkdownLinks.check(page).get(0).link().line());
  }

  @Test
  void linksAreResolvedFromTheFolderOfThePageThatHasThem() throws IOException {
    write("README.md", "# Top\n\n## Two commands\n");
    Files.createDirectories(dir.resolve("docs"));
    Path page = write("docs/page.md", "Back to the [README](../README.md#two-commands); not [here](README.md).\n");
    List<MarkdownLinks.Problem> problems = MarkdownLinks.check(page);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("README.md", problems.get(0).link().target());
  }

  @Test
  void linksInCodeAndToOtherSitesAreNotChecked() throws IOException {
    Path page = write("page.md", """
        # Page

        Plain `[not a link](missing.md)` and a span over two lines: `{"a": [b](missing.md),
        "c": 1}`; [a site](https://example.org/none#x), [mail](mailto:someone@example.org),
        <http://localhost:7070>.

        ```
        [in a fence](missing.md)
        # not a heading
        ```
        """);
    assertEquals(List.of(), MarkdownLinks.check(page));
    assertEquals(Set.of("page"), MarkdownLinks.anchors(page));
  }

  @Test
  void headingAnchorsAreMadeAsGitHubMakesThem() {
    assertEquals("writing-ogc-api-features-part-4", MarkdownLinks.slug("Writing (OGC API Features Part 4)"));
    assertEquals("incident-records-claims-review-and-history", MarkdownLinks.slug("Incident records: claims, review and history"));
    assertEquals("geodata-what-the-layers-are-made-of", MarkdownLinks.slug("`geodata/`: what the layers are made of"));
    assertEquals("acled--atlas", MarkdownLinks.slug("ACLED → atlas"));
    assertEquals("größe-und-ağdam", MarkdownLinks.slug("Größe und Ağdam"));
    assertEquals("dbf_field-names-the-map", MarkdownLinks.slug("DBF_field names: [the map](map.md)"));
    assertEquals("what-a-row-becomes", MarkdownLinks.slug("What a row *becomes*"));
  }

  @Test
  void aHeadingThatComesAgainIsNumbered() throws IOException {
    Path page = write("page.md", "# Notes\n\n## Notes\n\n### Notes ###\n\n## Other\n");
    assertEquals(List.of("notes", "notes-1", "notes-2", "other"), List.copyOf(MarkdownLinks.anchors(page)));
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
